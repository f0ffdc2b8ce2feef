#include "portedit.h"

#include <algorithm>

namespace {

constexpr int MaxPort = 65535;

} // namespace

PortEdit::PortEdit(QWidget *parent)
    : QLineEdit(parent)
{
    setMaxLength(32); // room for any typo, to be shown and mended
    setInputMethodHints(Qt::ImhDigitsOnly);
    // About six digits wide.
    setMaximumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0000000")) + 24);
    connect(this, &QLineEdit::textChanged, this, &PortEdit::onTextChanged);
    onTextChanged();
}

void PortEdit::setMinimum(int minimum)
{
    m_minimum = minimum;
    onTextChanged();
}

void PortEdit::setPort(quint16 port)
{
    setText(QString::number(port));
}

std::optional<quint16> PortEdit::port() const
{
    bool ok = false;
    const QString typed = text().trimmed();
    const int number = typed.toInt(&ok);
    // Digits only: "+80", " 8 0" or "0x50" are not what people mean by a port.
    const bool digits = !typed.isEmpty() && std::all_of(typed.cbegin(), typed.cend(), [](QChar c) {
        return c >= u'0' && c <= u'9';
    });
    if (!ok || !digits || number < m_minimum || number > MaxPort)
        return std::nullopt;
    return quint16(number);
}

QString PortEdit::problem() const
{
    if (isValid())
        return QString();
    const QString typed = text().trimmed();
    if (typed.isEmpty())
        return m_minimum == 0 ? tr("Type a port: a number from 1 to 65535, or 0 for any free "
                                   "port.")
                              : tr("Type a port: a number from 1 to 65535.");
    return m_minimum == 0 ? tr("%1 is not a port: a port is a number from 1 to 65535 (or 0 for any "
                               "free port).")
                                    .arg(typed)
                          : tr("%1 is not a port: a port is a number from 1 to 65535.").arg(typed);
}

void PortEdit::onTextChanged()
{
    const bool valid = isValid();
    // Wrong input is marked where it is, in the palette's own colours.
    QPalette shown = palette();
    shown.setColor(QPalette::Text,
                   valid ? QPalette().color(QPalette::Text) : QColor(0xb0, 0x1b, 0x1b));
    setPalette(shown);
    if (valid != m_valid) {
        m_valid = valid;
        Q_EMIT validityChanged(valid);
    }
}
