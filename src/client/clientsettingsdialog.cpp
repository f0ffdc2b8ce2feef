#include "clientsettingsdialog.h"

#include "apptranslations.h"
#include "ui_clientsettingsdialog.h"
#include "validation.h"

#include <QMessageBox>

#include <algorithm>

ClientSettingsDialog::ClientSettingsDialog(const ClientSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ClientSettingsDialog>())
    , m_settings(settings)
{
    m_ui->setupUi(this);
    m_ui->notifyCombo->addItem(tr("for every message"), int(ClientSettings::Notify::Every));
    m_ui->notifyCombo->addItem(tr("when someone mentions me or writes to me privately"),
                               int(ClientSettings::Notify::Mentions));
    m_ui->notifyCombo->addItem(tr("never"), int(ClientSettings::Notify::Never));
    m_ui->nickEdit->setText(settings.nick);
    m_ui->fontSizeSpin->setValue(settings.fontSize == 0 ? 4 : settings.fontSize);
    m_ui->notifyCombo->setCurrentIndex(m_ui->notifyCombo->findData(int(settings.notify)));
    m_ui->timestampsCheck->setChecked(settings.timestamps);
    for (const QString &language : AppTranslations::languages())
        m_ui->languageCombo->addItem(AppTranslations::displayName(language), language);
    m_ui->languageCombo->setCurrentIndex(
            std::max(0, m_ui->languageCombo->findData(settings.language)));
}

ClientSettingsDialog::~ClientSettingsDialog() = default;

ClientSettings ClientSettingsDialog::settings() const
{
    ClientSettings result = m_settings;
    result.nick = m_ui->nickEdit->text().trimmed();
    result.fontSize = m_ui->fontSizeSpin->value() == 4 ? 0 : m_ui->fontSizeSpin->value();
    result.notify = ClientSettings::Notify(m_ui->notifyCombo->currentData().toInt());
    result.timestamps = m_ui->timestampsCheck->isChecked();
    result.language = m_ui->languageCombo->currentData().toString();
    return result;
}

void ClientSettingsDialog::accept()
{
    const QString nick = m_ui->nickEdit->text().trimmed();
    if (!nick.isEmpty()) {
        const Validation::NickCheck check = Validation::checkNick(nick);
        if (!check.ok) {
            QMessageBox::warning(this, tr("Nickname not valid"),
                                 Validation::localizedReason(check));
            return;
        }
    }
    QDialog::accept();
}
