#pragma once

#include "serverconfig.h"

#include <QDialog>

#include <memory>

class QLineEdit;

namespace Ui {
class ServerSettingsDialog;
}

// The control window's Settings: the limits and options the command line
// has (connections, flood rate, password, welcome text, history, and the
// security ones: encryption required, password and connect throttles, a
// certificate of one's own). Shows a
// ServerConfig and gives it back changed; refuses values that do not fit
// together, saying why.
class ServerSettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // running: the server runs now, so changes apply at its next start.
    ServerSettingsDialog(const ServerConfig &config, bool running, QWidget *parent = nullptr);
    ~ServerSettingsDialog() override;

    // The config given, with the values in the dialog.
    ServerConfig config() const;

public Q_SLOTS:
    void accept() override;
    void restoreDefaults();

private:
    void showConfig(const ServerConfig &config);
    void updateHistoryFields();
    void updateSecurityFields();
    void chooseFile(QLineEdit *edit, const QString &title);

    std::unique_ptr<Ui::ServerSettingsDialog> m_ui;
    ServerConfig m_config;
};
