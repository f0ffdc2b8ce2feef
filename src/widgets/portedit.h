#pragma once

#include <QLineEdit>

#include <optional>

// A field for a TCP port that never changes what was typed: 99999 stays
// 99999, shown as wrong (in red, with problem() saying why) until it is
// mended, instead of quietly becoming another port.
class PortEdit : public QLineEdit
{
    Q_OBJECT

public:
    explicit PortEdit(QWidget *parent = nullptr);

    // The ports taken: 1 to 65535, or from 0 where 0 means any free port.
    void setMinimum(int minimum);
    int minimum() const { return m_minimum; }

    // The port typed, or nothing when the text is not one (see problem()).
    std::optional<quint16> port() const;
    bool isValid() const { return port().has_value(); }
    // Why the text is not a port, for people; empty when it is one.
    QString problem() const;

public Q_SLOTS:
    void setPort(quint16 port);

Q_SIGNALS:
    // The text became a port, or stopped being one.
    void validityChanged(bool valid);

private:
    void onTextChanged();

    int m_minimum = 1;
    bool m_valid = false;
};
