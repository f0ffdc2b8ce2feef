#include "encryptionindicator.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

EncryptionIndicator::EncryptionIndicator(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text);
    m_text->setObjectName(QStringLiteral("encryptionText"));
    setCursor(Qt::PointingHandCursor);
    setVisible(false);
}

QString EncryptionIndicator::text() const
{
    return m_text->text();
}

void EncryptionIndicator::showState(Shows what, const QString &details)
{
    m_shows = what;
    m_text->setText(what == Shows::Encrypted ? tr("Encrypted") : tr("Not encrypted"));
    setToolTip(details);
    setAccessibleName(m_text->text());
    setAccessibleDescription(details);
    paintLock();
    setVisible(what != Shows::Nothing);
}

void EncryptionIndicator::paintLock()
{
    // Drawn, not taken from an icon theme: the same on every system.
    const int size = fontMetrics().height();
    const qreal ratio = devicePixelRatioF();
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const bool closed = m_shows == Shows::Encrypted;
    // Green when closed, red when open.
    const QColor colour = closed ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28);
    const qreal s = size;
    const QRectF body(s * 0.18, s * 0.45, s * 0.64, s * 0.5);
    QPen pen(colour, qMax(1.5, s * 0.11));
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    // The shackle: over the body when closed, swung up and aside when open.
    QPainterPath shackle;
    const qreal left = s * 0.3, right = s * 0.7, top = s * 0.1;
    const qreal lift = closed ? 0 : s * 0.12;
    shackle.moveTo(left, body.top() - (closed ? 0 : lift * 0.5));
    shackle.lineTo(left, top + s * 0.2 - lift);
    shackle.arcTo(QRectF(left, top - lift, right - left, s * 0.4), 180, -180);
    shackle.lineTo(right, closed ? body.top() : top + s * 0.25 - lift);
    painter.drawPath(shackle);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawRoundedRect(body, s * 0.08, s * 0.08);
    painter.end();
    m_icon->setPixmap(pixmap);
}

void EncryptionIndicator::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()))
        Q_EMIT clicked();
    QWidget::mouseReleaseEvent(event);
}

void EncryptionIndicator::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        paintLock();
    QWidget::changeEvent(event);
}
