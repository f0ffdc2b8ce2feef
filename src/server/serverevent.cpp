#include "serverevent.h"

QString roomOf(const ServerEvent &event)
{
    return std::visit(
            [](const auto &e) -> QString {
                using T = std::decay_t<decltype(e)>;
                if constexpr (std::is_same_v<T, OwnMessage>)
                    return e.message.room;
                else if constexpr (std::is_same_v<T, TopicOnJoin>)
                    return e.topic.room;
                else if constexpr (std::is_same_v<T, Protocol::ChatMessage> ||
                                   std::is_same_v<T, Protocol::Joined> ||
                                   std::is_same_v<T, Protocol::Left> ||
                                   std::is_same_v<T, UserListing> ||
                                   std::is_same_v<T, Protocol::Presence> ||
                                   std::is_same_v<T, Protocol::Notice> ||
                                   std::is_same_v<T, Protocol::HistoryPage> ||
                                   std::is_same_v<T, Protocol::Topic>)
                    return e.room;
                else
                    return QString();
            },
            event);
}
