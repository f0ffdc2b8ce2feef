#include "serversettingsdialog.h"

#include "apptranslations.h"
#include "serverannouncement.h"
#include "servercertificate.h"
#include "serveroptions.h"
#include "ui_serversettingsdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

#include <algorithm>

ServerSettingsDialog::ServerSettingsDialog(const ServerConfig &config, bool running,
                                           QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ServerSettingsDialog>())
    , m_config(config)
{
    m_ui->setupUi(this);
    // A few lines are enough for a welcome text.
    m_ui->motdEdit->setFixedHeight(m_ui->motdEdit->fontMetrics().lineSpacing() * 4 +
                                   2 * m_ui->motdEdit->frameWidth() + 8);
    m_ui->noteLabel->setText(running ? tr("The server is running: changes apply the next time "
                                          "it starts.")
                                     : tr("Changes apply when the server starts."));
    const QString folder =
            config.dataDir.isEmpty() ? tr("(none)") : QDir::toNativeSeparators(config.dataDir);
    m_ui->dataDirLabel->setText(tr("History and bans are kept in %1").arg(folder));
    connect(m_ui->historyOnDiskCheck, &QCheckBox::toggled, this,
            &ServerSettingsDialog::updateHistoryFields);
    connect(m_ui->announceCheck, &QCheckBox::toggled, m_ui->announceNameEdit, &QWidget::setEnabled);
    connect(m_ui->ircCheck, &QCheckBox::toggled, m_ui->ircPortSpin, &QWidget::setEnabled);
    connect(m_ui->requireTlsCheck, &QCheckBox::toggled, this,
            &ServerSettingsDialog::updateSecurityFields);
    connect(m_ui->tlsCertBrowseButton, &QPushButton::clicked, this,
            [this] { chooseFile(m_ui->tlsCertEdit, tr("The TLS Certificate (PEM)")); });
    connect(m_ui->tlsKeyBrowseButton, &QPushButton::clicked, this,
            [this] { chooseFile(m_ui->tlsKeyEdit, tr("The Certificate's Key (PEM)")); });
    connect(m_ui->buttonBox->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &ServerSettingsDialog::restoreDefaults);
    showConfig(config);
    for (const QString &language : AppTranslations::languages())
        m_ui->languageCombo->addItem(AppTranslations::displayName(language), language);
    m_ui->languageCombo->setCurrentIndex(std::max(
            0, m_ui->languageCombo->findData(QSettings().value(QStringLiteral("ui/language")))));
}

ServerSettingsDialog::~ServerSettingsDialog() = default;

void ServerSettingsDialog::showConfig(const ServerConfig &config)
{
    m_ui->maxClientsSpin->setValue(config.maxClients);
    m_ui->maxPerIpSpin->setValue(config.maxConnectionsPerIp);
    m_ui->rateSpin->setValue(config.rate);
    m_ui->burstSpin->setValue(config.burst);
    m_ui->passwordEdit->setText(config.password);
    m_ui->motdEdit->setPlainText(config.motd);
    m_ui->quietJoinsSpin->setValue(config.quietJoinsAbove);
    m_ui->roomsByCombo->setCurrentIndex(config.roomsMadeByOperatorOnly ? 1 : 0);
    m_ui->maxRoomsSpin->setValue(config.maxRooms);
    m_ui->historyOnDiskCheck->setChecked(config.historyOnDisk && !config.dataDir.isEmpty());
    m_ui->historyOnDiskCheck->setEnabled(!config.dataDir.isEmpty());
    m_ui->historyDaysSpin->setValue(config.historyDays);
    m_ui->historyMaxSpin->setValue(
            int(qMin<qint64>(config.historyMax, m_ui->historyMaxSpin->maximum())));
    m_ui->requireTlsCheck->setChecked(config.requireTls);
    m_ui->requireTlsOnLoopbackCheck->setChecked(config.requireTlsOnLoopback);
    m_ui->authFailuresSpin->setValue(config.authFailuresAllowed);
    m_ui->authBlockSpin->setValue(config.authBlockMs / 1000);
    m_ui->maxConnectsSpin->setValue(config.maxConnectsPerIp);
    m_ui->tlsCertEdit->setText(QDir::toNativeSeparators(config.tlsCertificatePath));
    m_ui->tlsKeyEdit->setText(QDir::toNativeSeparators(config.tlsKeyPath));
    m_ui->announceCheck->setChecked(config.announce);
    m_ui->announceNameEdit->setText(config.announceName);
    m_ui->announceNameEdit->setPlaceholderText(ServerAnnouncement::defaultInstanceName());
    m_ui->announceNameEdit->setEnabled(config.announce);
    m_ui->ircCheck->setChecked(config.irc);
    m_ui->ircPortSpin->setValue(config.ircPort == 0 ? 6667 : config.ircPort);
    m_ui->ircPortSpin->setEnabled(config.irc);
    updateHistoryFields();
    updateSecurityFields();
}

void ServerSettingsDialog::updateSecurityFields()
{
    m_ui->requireTlsOnLoopbackCheck->setEnabled(m_ui->requireTlsCheck->isChecked());
}

void ServerSettingsDialog::chooseFile(QLineEdit *edit, const QString &title)
{
    const QString chosen = QFileDialog::getOpenFileName(
            this, title, edit->text(), tr("PEM files (*.pem *.crt *.key);;All files (*)"));
    if (!chosen.isEmpty())
        edit->setText(QDir::toNativeSeparators(chosen));
}

void ServerSettingsDialog::updateHistoryFields()
{
    const bool onDisk = m_ui->historyOnDiskCheck->isChecked();
    m_ui->historyDaysSpin->setEnabled(onDisk);
    m_ui->historyMaxSpin->setEnabled(onDisk);
}

ServerConfig ServerSettingsDialog::config() const
{
    ServerConfig config = m_config;
    config.maxClients = m_ui->maxClientsSpin->value();
    config.maxConnectionsPerIp = m_ui->maxPerIpSpin->value();
    config.rate = m_ui->rateSpin->value();
    config.burst = m_ui->burstSpin->value();
    config.password = m_ui->passwordEdit->text();
    config.motd = m_ui->motdEdit->toPlainText().trimmed();
    config.quietJoinsAbove = m_ui->quietJoinsSpin->value();
    config.roomsMadeByOperatorOnly = m_ui->roomsByCombo->currentIndex() == 1;
    config.maxRooms = m_ui->maxRoomsSpin->value();
    config.historyOnDisk = m_ui->historyOnDiskCheck->isChecked();
    config.historyDays = m_ui->historyDaysSpin->value();
    config.historyMax = m_ui->historyMaxSpin->value();
    config.requireTls = m_ui->requireTlsCheck->isChecked();
    config.requireTlsOnLoopback = config.requireTls && m_ui->requireTlsOnLoopbackCheck->isChecked();
    config.authFailuresAllowed = m_ui->authFailuresSpin->value();
    // Seconds shown; what the command line gave in finer steps is kept when unchanged.
    if (m_ui->authBlockSpin->value() != m_config.authBlockMs / 1000)
        config.authBlockMs = m_ui->authBlockSpin->value() * 1000;
    config.maxConnectsPerIp = m_ui->maxConnectsSpin->value();
    const auto path = [](const QLineEdit *edit) {
        const QString text = edit->text().trimmed();
        return text.isEmpty() ? QString() : QDir::cleanPath(QDir::fromNativeSeparators(text));
    };
    config.tlsCertificatePath = path(m_ui->tlsCertEdit);
    config.tlsKeyPath = path(m_ui->tlsKeyEdit);
    config.announce = m_ui->announceCheck->isChecked();
    config.announceName = m_ui->announceNameEdit->text().trimmed();
    config.irc = m_ui->ircCheck->isChecked();
    config.ircPort = quint16(m_ui->ircPortSpin->value());
    return config;
}

void ServerSettingsDialog::restoreDefaults()
{
    ServerConfig defaults = ServerOptions::defaultConfig();
    defaults.dataDir = m_config.dataDir;
    showConfig(defaults);
}

void ServerSettingsDialog::accept()
{
    const ServerConfig changed = config();
    const QString problem = changed.validate();
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Settings not valid"), problem);
        return;
    }
    // A certificate of one's own is checked now, not at the next start.
    if (changed.tlsCertificatePath.isEmpty() != changed.tlsKeyPath.isEmpty()) {
        QMessageBox::warning(this, tr("Settings not valid"),
                             tr("A TLS certificate needs its key, and a key its certificate: "
                                "choose both, or neither for the server's own."));
        (changed.tlsKeyPath.isEmpty() ? m_ui->tlsKeyEdit : m_ui->tlsCertEdit)->setFocus();
        return;
    }
    if (!changed.tlsCertificatePath.isEmpty()) {
        const ServerCertificate certificate =
                ServerCertificate::fromFiles(changed.tlsCertificatePath, changed.tlsKeyPath);
        if (!certificate.isValid()) {
            QMessageBox::warning(this, tr("Certificate not usable"),
                                 tr("The server cannot use this certificate: %1")
                                         .arg(certificate.errorString()));
            m_ui->tlsCertEdit->setFocus();
            return;
        }
    }
    QSettings().setValue(QStringLiteral("ui/language"), m_ui->languageCombo->currentData());
    QDialog::accept();
}
