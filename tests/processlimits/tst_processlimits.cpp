#include "processlimits.h"

#include <QFile>
#include <QTest>

#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif

class tst_ProcessLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openFileLimitIsRaised();
    void freedMemoryGoesBack();

private:
    // Resident memory of this process (Linux), or -1.
    static qint64 residentBytes()
    {
#ifdef Q_OS_LINUX
        QFile statm(QStringLiteral("/proc/self/statm"));
        if (!statm.open(QIODevice::ReadOnly))
            return -1;
        const QList<QByteArray> fields = statm.readAll().split(' ');
        return fields.size() > 1 ? fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) : -1;
#else
        return -1;
#endif
    }
};

void tst_ProcessLimits::openFileLimitIsRaised()
{
#ifdef Q_OS_UNIX
    const qint64 limit = ProcessLimits::raiseOpenFileLimit();
    rlimit now{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &now), 0);
    QCOMPARE(limit, qint64(now.rlim_cur));
#ifndef Q_OS_MACOS
    QCOMPARE(now.rlim_cur, now.rlim_max);
#endif
#else
    QSKIP("only Unix systems have a limit to raise");
#endif
}

void tst_ProcessLimits::freedMemoryGoesBack()
{
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QTCHAT_UNDER_ASAN
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(QTCHAT_UNDER_ASAN)
    QSKIP("AddressSanitizer keeps freed memory in quarantine and glibc's malloc_trim does not "
          "see its heap: this is measured in the normal build");
#elif defined(Q_OS_LINUX) && defined(__GLIBC__)
    // 64 MiB in small pieces, with every 64th kept so that the freed space is
    // spread through the heap (as after a join storm) rather than at its end.
    std::vector<std::unique_ptr<char[]>> pieces;
    std::vector<std::unique_ptr<char[]>> kept;
    for (int i = 0; i < 64 * 1024; ++i) {
        auto piece = std::make_unique<char[]>(1000);
        std::fill_n(piece.get(), 1000, char(i));
        if (i % 64 == 0)
            kept.push_back(std::move(piece));
        else
            pieces.push_back(std::move(piece));
    }
    pieces.clear();
    const qint64 before = residentBytes();
    QVERIFY(before > 0);
    QVERIFY(ProcessLimits::releaseFreeMemory() >= 32 * 1024 * 1024);
    const qint64 after = residentBytes();
    QVERIFY2(before - after >= 32 * 1024 * 1024,
             qPrintable(QStringLiteral("%1 -> %2 bytes resident").arg(before).arg(after)));
    QCOMPARE(kept.size(), size_t(1024));
#else
    QSKIP("memory is given back explicitly with glibc on Linux only");
#endif
}

QTEST_GUILESS_MAIN(tst_ProcessLimits)
#include "tst_processlimits.moc"
