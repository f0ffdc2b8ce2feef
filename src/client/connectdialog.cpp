#include "connectdialog.h"

#include "clientsettings.h"
#include "foundserverslist.h"
#include "ui_connectdialog.h"
#include "validation.h"

#include <QLabel>
#include <QPushButton>

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ConnectDialog>())
{
    m_ui->setupUi(this);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    QPalette errorPalette = m_ui->errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xb0, 0x1b, 0x1b));
    m_ui->errorLabel->setPalette(errorPalette);
    m_ui->errorLabel->hide();
    m_ui->portEdit->setPort(Protocol::DefaultPort);
    m_portToolTip = m_ui->portEdit->toolTip();
    connect(m_ui->portEdit, &QLineEdit::textEdited, this,
            [this] { setError(m_ui->portEdit->problem()); });
    connect(m_ui->hostCombo, &QComboBox::editTextChanged, this, &ConnectDialog::followHostPort);
    const ClientSettings settings = ClientSettings::load();
    m_ui->hostCombo->addItems(settings.recentServers);
    if (!settings.recentServers.isEmpty()) {
        quint16 port = 0;
        m_ui->hostCombo->setEditText(splitHostPort(settings.recentServers.first(), &port));
        if (port)
            m_ui->portEdit->setPort(port);
    }
    // Choosing a recent server fills in its port.
    connect(m_ui->hostCombo, &QComboBox::textActivated, this, [this](const QString &text) {
        quint16 port = 0;
        const QString host = splitHostPort(text, &port);
        if (port) {
            m_ui->hostCombo->setEditText(host);
            m_ui->portEdit->setPort(port);
        }
    });
    // Servers on this network, above the address to type.
    auto *foundLabel = new QLabel(this);
    foundLabel->setObjectName(QStringLiteral("foundServersLabel"));
    foundLabel->setWordWrap(true);
    auto *found = new FoundServersList(foundLabel, this);
    m_ui->dialogLayout->insertWidget(1, foundLabel);
    m_ui->dialogLayout->insertWidget(2, found);
    connect(found, &FoundServersList::serverChosen, this, [this](const DiscoveredService &service) {
        m_chosen = service;
        m_ui->hostCombo->setEditText(service.address());
        m_ui->portEdit->setPort(service.port);
        accept();
    });
    m_ui->nickEdit->setText(settings.nick);
    m_ui->nickEdit->setFocus();
    if (m_ui->hostCombo->currentText().isEmpty())
        m_ui->hostCombo->setFocus();
}

ConnectDialog::~ConnectDialog() = default;

bool ConnectDialog::isAnnounced() const
{
    return m_chosen.port != 0 && host() == m_chosen.address() && port() == m_chosen.port;
}

QString ConnectDialog::announcedFingerprint() const
{
    return isAnnounced() ? m_chosen.fingerprintPrefix() : QString();
}

void ConnectDialog::followHostPort()
{
    quint16 port = 0;
    splitHostPort(m_ui->hostCombo->currentText(), &port);
    m_ui->portEdit->setEnabled(port == 0);
    if (port != 0) {
        m_ui->portEdit->setPort(port);
        m_ui->portEdit->setToolTip(tr("The address gives the port (after the colon)."));
    } else {
        m_ui->portEdit->setToolTip(m_portToolTip);
    }
}

void ConnectDialog::focusField(Field field)
{
    QWidget *widget = m_ui->hostCombo;
    switch (field) {
    case Field::Host:
        break;
    case Field::Port:
        widget = m_ui->portEdit->isEnabled() ? static_cast<QWidget *>(m_ui->portEdit)
                                             : m_ui->hostCombo;
        break;
    case Field::Nick:
        widget = m_ui->nickEdit;
        m_ui->nickEdit->selectAll();
        break;
    case Field::Password:
        widget = m_ui->passwordEdit;
        m_ui->passwordEdit->selectAll();
        break;
    }
    widget->setFocus();
}

QString ConnectDialog::splitHostPort(const QString &text, quint16 *port)
{
    *port = 0;
    QString host = text.trimmed();
    qsizetype colon = host.lastIndexOf(u':');
    if (host.startsWith(u'[')) {
        const qsizetype close = host.indexOf(u']');
        if (close > 0) {
            if (colon == close + 1)
                *port = quint16(host.mid(colon + 1).toUInt());
            return host.mid(1, close - 1);
        }
    }
    // One colon: host:port. More: a bare IPv6 address.
    if (colon > 0 && host.count(u':') == 1) {
        bool ok = false;
        const uint number = host.mid(colon + 1).toUInt(&ok);
        if (ok && number > 0 && number <= 65535) {
            *port = quint16(number);
            host.truncate(colon);
        }
    }
    return host;
}

void ConnectDialog::setHost(const QString &host)
{
    m_ui->hostCombo->setEditText(host);
}

void ConnectDialog::setPort(quint16 port)
{
    m_ui->portEdit->setPort(port);
}

void ConnectDialog::setNick(const QString &nick)
{
    m_ui->nickEdit->setText(nick);
}

void ConnectDialog::setPassword(const QString &password)
{
    m_ui->passwordEdit->setText(password);
}

void ConnectDialog::setError(const QString &text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

QString ConnectDialog::host() const
{
    quint16 port = 0;
    return splitHostPort(m_ui->hostCombo->currentText(), &port);
}

quint16 ConnectDialog::port() const
{
    quint16 port = 0;
    splitHostPort(m_ui->hostCombo->currentText(), &port);
    return port ? port : m_ui->portEdit->port().value_or(0);
}

QString ConnectDialog::nick() const
{
    return Validation::checkNick(m_ui->nickEdit->text().trimmed()).nick;
}

QString ConnectDialog::password() const
{
    return m_ui->passwordEdit->text();
}

bool ConnectDialog::remember() const
{
    return m_ui->rememberCheck->isChecked();
}

void ConnectDialog::accept()
{
    if (host().isEmpty()) {
        setError(tr("Type the server's address, such as 192.168.1.10."));
        m_ui->hostCombo->setFocus();
        return;
    }
    if (port() == 0) {
        setError(m_ui->portEdit->problem());
        focusField(Field::Port);
        return;
    }
    const Validation::NickCheck check = Validation::checkNick(m_ui->nickEdit->text().trimmed());
    if (!check.ok) {
        setError(tr("This nickname cannot be used: %1").arg(Validation::localizedReason(check)));
        m_ui->nickEdit->setFocus();
        m_ui->nickEdit->selectAll();
        return;
    }
    QDialog::accept();
}
