#include "foundserverslist.h"

#include "servicebrowser.h"

#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QTimer>

namespace {

constexpr int ServiceRole = Qt::UserRole + 1;
// After this long without a server, the list says there is none (yet).
constexpr int LookingMs = 3'000;

void paintLock(QPainter &painter, const QRectF &box, const QColor &color)
{
    QPen pen(color, box.width() * 0.14);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    const QRectF shackle(box.left() + box.width() * 0.28, box.top() + box.height() * 0.08,
                         box.width() * 0.44, box.height() * 0.55);
    painter.drawArc(shackle, 0, 180 * 16);
    painter.drawLine(QPointF(shackle.left(), shackle.center().y()),
                     QPointF(shackle.left(), box.top() + box.height() * 0.5));
    painter.drawLine(QPointF(shackle.right(), shackle.center().y()),
                     QPointF(shackle.right(), box.top() + box.height() * 0.5));
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawRoundedRect(QRectF(box.left() + box.width() * 0.15, box.top() + box.height() * 0.45,
                                   box.width() * 0.7, box.height() * 0.5),
                            box.width() * 0.08, box.width() * 0.08);
}

void paintKey(QPainter &painter, const QRectF &box, const QColor &color)
{
    QPen pen(color, box.width() * 0.14);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    const qreal ring = box.width() * 0.38;
    painter.drawEllipse(
            QRectF(box.left() + box.width() * 0.06, box.center().y() - ring / 2, ring, ring));
    const qreal y = box.center().y();
    painter.drawLine(QPointF(box.left() + box.width() * 0.06 + ring, y),
                     QPointF(box.right() - box.width() * 0.06, y));
    painter.drawLine(QPointF(box.right() - box.width() * 0.12, y),
                     QPointF(box.right() - box.width() * 0.12, y + box.height() * 0.22));
    painter.drawLine(QPointF(box.right() - box.width() * 0.3, y),
                     QPointF(box.right() - box.width() * 0.3, y + box.height() * 0.18));
}

} // namespace

FoundServersList::FoundServersList(QLabel *status, QWidget *parent)
    : QTreeWidget(parent)
    , m_browser(new ServiceBrowser(this))
    , m_status(status)
{
    setObjectName(QStringLiteral("foundServersList"));
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setSortingEnabled(true);
    sortByColumn(0, Qt::AscendingOrder);
    setColumnCount(3);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    setMinimumHeight(fontMetrics().height() * 6);
    setIconSize(QSize(34, 16)); // a lock and a key side by side
    retranslate();
    connect(m_browser, &ServiceBrowser::serviceFound, this, &FoundServersList::show);
    connect(m_browser, &ServiceBrowser::serviceChanged, this, &FoundServersList::show);
    connect(m_browser, &ServiceBrowser::serviceLost, this, &FoundServersList::remove);
    connect(this, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) { choose(item); });
    m_looking = m_browser->start("_qtchat._tcp");
    if (m_looking) {
        QTimer::singleShot(LookingMs, this, [this] {
            m_looking = false;
            updateStatus();
        });
    }
    updateStatus();
}

FoundServersList::~FoundServersList() = default;

QList<DiscoveredService> FoundServersList::services() const
{
    QList<DiscoveredService> shown;
    for (int i = 0; i < topLevelItemCount(); ++i)
        shown.append(topLevelItem(i)->data(0, ServiceRole).value<DiscoveredService>());
    return shown;
}

QIcon FoundServersList::iconFor(bool encrypted, bool password, const QColor &color)
{
    const int size = 16;
    QIcon icon;
    for (const qreal scale : {1.0, 2.0}) {
        QPixmap pixmap(QSize(size * 2 + 2, size) * scale);
        pixmap.setDevicePixelRatio(scale);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        if (encrypted)
            paintLock(painter, QRectF(0, 0, size, size), color);
        if (password)
            paintKey(painter, QRectF(size + 2, 0, size, size), color);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QTreeWidgetItem *FoundServersList::itemOf(const QString &name) const
{
    for (int i = 0; i < topLevelItemCount(); ++i) {
        if (topLevelItem(i)->data(0, ServiceRole).value<DiscoveredService>().name == name)
            return topLevelItem(i);
    }
    return nullptr;
}

void FoundServersList::show(const DiscoveredService &service)
{
    QTreeWidgetItem *item = itemOf(service.name);
    if (!item)
        item = new QTreeWidgetItem(this);
    const bool encrypted = service.isEncrypted();
    const bool password = service.needsPassword();
    const std::optional<int> users = service.users();
    item->setData(0, ServiceRole, QVariant::fromValue(service));
    item->setText(0, service.name);
    item->setIcon(0, iconFor(encrypted, password, palette().color(QPalette::Text)));
    QStringList notes;
    notes.append(encrypted ? tr("encrypted") : tr("not encrypted"));
    if (password)
        notes.append(tr("needs a password"));
    item->setToolTip(0, tr("%1 (%2)").arg(service.name, notes.join(QLatin1String(", "))));
    item->setText(1, tr("%1 port %2").arg(service.address()).arg(service.port));
    item->setText(2, users ? tr("%n people", "", *users) : QString());
    updateStatus();
}

void FoundServersList::remove(const QString &name)
{
    delete itemOf(name);
    updateStatus();
}

void FoundServersList::updateStatus()
{
    if (!m_browser->isBrowsing()) {
        m_status->setText(
                tr("Servers on this network cannot be listed: %1").arg(m_browser->errorString()));
    } else if (topLevelItemCount() > 0) {
        m_status->setText(tr("Servers on this network (click one to connect):"));
    } else if (m_looking) {
        m_status->setText(tr("Looking for servers on this network…"));
    } else {
        m_status->setText(tr("No server found on this network yet; type its address below."));
    }
}

void FoundServersList::choose(QTreeWidgetItem *item)
{
    if (item)
        Q_EMIT serverChosen(item->data(0, ServiceRole).value<DiscoveredService>());
}

void FoundServersList::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && currentItem()) {
        choose(currentItem());
        return;
    }
    QTreeWidget::keyPressEvent(event);
}

void FoundServersList::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        updateStatus();
    }
    QTreeWidget::changeEvent(event);
}

void FoundServersList::retranslate()
{
    setHeaderLabels({tr("Server"), tr("Address"), tr("People")});
}
