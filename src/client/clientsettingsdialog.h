#pragma once

#include "clientsettings.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ClientSettingsDialog;
}

// The client's Settings: nickname, text size, notifications, timestamps.
class ClientSettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ClientSettingsDialog(const ClientSettings &settings, QWidget *parent = nullptr);
    ~ClientSettingsDialog() override;

    ClientSettings settings() const;

public Q_SLOTS:
    void accept() override;

private:
    std::unique_ptr<Ui::ClientSettingsDialog> m_ui;
    ClientSettings m_settings;
};
