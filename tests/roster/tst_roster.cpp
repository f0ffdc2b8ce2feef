// A room's list of people in pieces: at the piece size and past it, joins,
// leaves and renames making one piece anew, and the pieces given out
// before a change never changing.
#include "roster.h"

#include <QTest>

#include <vector>

using namespace Protocol;

class tst_Roster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pieces_data();
    void pieces();
    void changesMakeOnePieceAnew();
    void givenPiecesNeverChange();
    void leavingEmptiesAPiece();
    void encodedOncePerKey();

private:
    // Stable keys for the roster's entries (it never dereferences them).
    const void *key(int i)
    {
        while (int(m_keys.size()) <= i)
            m_keys.push_back(std::make_unique<int>(int(m_keys.size())));
        return m_keys.at(size_t(i)).get();
    }
    static QString nicksOf(const QList<RosterChunkPtr> &chunks)
    {
        QStringList nicks;
        for (const RosterChunkPtr &chunk : chunks) {
            for (const UserInfo &user : chunk->users())
                nicks.append(user.nick);
            nicks.append(QStringLiteral("|"));
        }
        return nicks.join(u' ');
    }

    std::vector<std::unique_ptr<int>> m_keys;
};

void tst_Roster::pieces_data()
{
    QTest::addColumn<int>("people");
    QTest::addColumn<int>("chunks");
    QTest::newRow("nobody") << 0 << 0;
    QTest::newRow("one") << 1 << 1;
    QTest::newRow("a full piece") << Roster::DefaultChunkSize << 1;
    QTest::newRow("one past a piece") << Roster::DefaultChunkSize + 1 << 2;
    QTest::newRow("10,000") << 10000 << 40;
}

void tst_Roster::pieces()
{
    QFETCH(int, people);
    QFETCH(int, chunks);
    Roster roster;
    for (int i = 0; i < people; ++i)
        roster.add(key(i), {QString::number(i), i});
    QCOMPARE(roster.size(), people);
    const QList<RosterChunkPtr> pieces = roster.chunks();
    QCOMPARE(pieces.size(), chunks);
    int next = 0;
    for (const RosterChunkPtr &piece : pieces) {
        QVERIFY(piece->users().size() <= Roster::DefaultChunkSize);
        for (const UserInfo &user : piece->users())
            QCOMPARE(user.nick, QString::number(next++)); // in the order they came
    }
    QCOMPARE(next, people);
    QCOMPARE(roster.users().size(), people);
}

void tst_Roster::changesMakeOnePieceAnew()
{
    Roster roster(2);
    for (int i = 0; i < 6; ++i)
        roster.add(key(i), {QStringLiteral("u%1").arg(i), 0});
    const QList<RosterChunkPtr> before = roster.chunks();
    QCOMPARE(nicksOf(before), QStringLiteral("u0 u1 | u2 u3 | u4 u5 |"));
    roster.rename(key(2), QStringLiteral("two"));
    roster.remove(key(5));
    const QList<RosterChunkPtr> after = roster.chunks();
    QCOMPARE(nicksOf(after), QStringLiteral("u0 u1 | two u3 | u4 |"));
    QCOMPARE(after.at(0).get(), before.at(0).get()); // untouched: the same piece, shared
    QVERIFY(after.at(1).get() != before.at(1).get());
    QVERIFY(after.at(2).get() != before.at(2).get());
    // The next one comes after the last, in a new piece when that one is full.
    roster.add(key(6), {QStringLiteral("u6"), 0});
    roster.add(key(7), {QStringLiteral("u7"), 0});
    QCOMPARE(nicksOf(roster.chunks()), QStringLiteral("u0 u1 | two u3 | u4 u6 | u7 |"));
}

void tst_Roster::givenPiecesNeverChange()
{
    // A welcome waiting to be sent keeps the list it was given.
    Roster roster;
    roster.add(key(0), {QStringLiteral("alice"), 0});
    const QList<RosterChunkPtr> given = roster.chunks();
    roster.add(key(1), {QStringLiteral("bob"), 0});
    roster.rename(key(0), QStringLiteral("alicia"));
    QCOMPARE(nicksOf(given), QStringLiteral("alice |"));
    QCOMPARE(nicksOf(roster.chunks()), QStringLiteral("alicia bob |"));
}

void tst_Roster::leavingEmptiesAPiece()
{
    Roster roster(2);
    for (int i = 0; i < 4; ++i)
        roster.add(key(i), {QStringLiteral("u%1").arg(i), 0});
    roster.remove(key(0));
    roster.remove(key(1));
    QCOMPARE(nicksOf(roster.chunks()), QStringLiteral("u2 u3 |"));
    roster.remove(key(9)); // never there: nothing happens
    QCOMPARE(roster.size(), 2);
    roster.remove(key(2));
    roster.remove(key(3));
    QCOMPARE(roster.chunks().size(), 0);
    QCOMPARE(roster.size(), 0);
}

void tst_Roster::encodedOncePerKey()
{
    RosterChunk chunk({{QStringLiteral("a"), 0}});
    int made = 0;
    const auto make = [&made] {
        ++made;
        return QByteArray("[x]");
    };
    const QByteArray &first = chunk.encoded(3, make);
    const QByteArray &again = chunk.encoded(3, make);
    QCOMPARE(made, 1);
    QCOMPARE(first.constData(), again.constData());
    chunk.encoded(4, make);
    QCOMPARE(made, 2);
}

QTEST_GUILESS_MAIN(tst_Roster)
#include "tst_roster.moc"
