#pragma once

// Several lambdas as one visitor for std::visit, one for each alternative:
// std::visit(Overloaded{[](const A &) {...}, [](const B &) {...}}, variant).
template<typename... Ts>
struct Overloaded : Ts...
{
    using Ts::operator()...;
};
template<typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;
