#pragma once

#include <QDoubleSpinBox>

// A spin box for a number that is usually whole but need not be (5
// messages a second, or 0.5): shown as people write it, "5" and "0.5",
// never "5.000", and keeping up to decimals() digits of what is typed.
class DecimalSpinBox : public QDoubleSpinBox
{
    Q_OBJECT

public:
    explicit DecimalSpinBox(QWidget *parent = nullptr);

    QString textFromValue(double value) const override;
};
