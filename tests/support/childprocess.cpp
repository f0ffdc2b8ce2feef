#include "childprocess.h"

#include "waituntil.h"

ChildProcess::~ChildProcess()
{
    if (isRunning()) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QProcessEnvironment ChildProcess::headlessEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QT_MESSAGE_PATTERN"})
        environment.remove(QLatin1String(name));
    return environment;
}

void ChildProcess::start(const QString &program, const QStringList &arguments,
                         const QProcessEnvironment &environment)
{
    m_process.setProcessEnvironment(environment);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, arguments);
}

void ChildProcess::type(const QString &line)
{
    m_process.write((line + u'\n').toLocal8Bit());
}

QString ChildProcess::output()
{
    m_output += QString::fromLocal8Bit(m_process.readAll());
    return m_output;
}

bool ChildProcess::waitForOutput(const QString &text, int timeoutMs)
{
    return waitUntil([this, &text] { return output().contains(text); }, timeoutMs);
}

bool ChildProcess::waitForExit(int timeoutMs)
{
    const bool exited = waitUntil([this] { return !isRunning(); }, timeoutMs);
    output();
    return exited;
}
