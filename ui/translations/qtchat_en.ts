<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ChatClient</name>
    <message numerus="yes">
        <source>Too many wrong passwords came from your address; try again in %n second(s).</source>
        <translation>
            <numerusform>Too many wrong passwords came from your address; try again in %n second.</numerusform>
            <numerusform>Too many wrong passwords came from your address; try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message numerus="yes">
        <source>&amp;Send as %n messages</source>
        <translation>
            <numerusform>&amp;Send as %n message</numerusform>
            <numerusform>&amp;Send as %n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) will be sent when you are back online.</source>
        <translation>
            <numerusform>%n message will be sent when you are back online.</numerusform>
            <numerusform>%n messages will be sent when you are back online.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) you typed have not reached the server yet.</source>
        <translation>
            <numerusform>%n message you typed has not reached the server yet.</numerusform>
            <numerusform>%n messages you typed have not reached the server yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) you typed have not reached the server yet and will be lost.</source>
        <translation>
            <numerusform>%n message you typed has not reached the server yet and will be lost.</numerusform>
            <numerusform>%n messages you typed have not reached the server yet and will be lost.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>→ %n joined</source>
        <translation>
            <numerusform>→ %n joined</numerusform>
            <numerusform>→ %n joined</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>← %n left</source>
        <translation>
            <numerusform>← %n left</numerusform>
            <numerusform>← %n left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people here</source>
        <translation>
            <numerusform>%n person here</numerusform>
            <numerusform>%n people here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n unread</numerusform>
            <numerusform>%n unread</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mentioning you</source>
        <translation>
            <numerusform>%n mentioning you</numerusform>
            <numerusform>%n mentioning you</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CommandInterpreter</name>
    <message numerus="yes">
        <source>%n message(s) you typed earlier wait to be sent; they go as soon as the server has you.</source>
        <translation>
            <numerusform>%n message you typed earlier waits to be sent; it goes as soon as the server has you.</numerusform>
            <numerusform>%n messages you typed earlier wait to be sent; they go as soon as the server has you.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n room(s) on this server:</source>
        <translation>
            <numerusform>%n room on this server:</numerusform>
            <numerusform>%n rooms on this server:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FoundServersList</name>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JoinRoomDialog</name>
    <message numerus="yes">
        <source>%n room(s) on this server. Pick one, or type the name of a new one.</source>
        <translation>
            <numerusform>%n room on this server. Pick one, or type the name of a new one.</numerusform>
            <numerusform>%n rooms on this server. Pick one, or type the name of a new one.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerLister</name>
    <message numerus="yes">
        <source>Looking for qtchat servers on this network (%n second(s))…</source>
        <translation>
            <numerusform>Looking for qtchat servers on this network (%n second)…</numerusform>
            <numerusform>Looking for qtchat servers on this network (%n seconds)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n server(s) found.</source>
        <translation>
            <numerusform>%n server found.</numerusform>
            <numerusform>%n servers found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TerminalClient</name>
    <message numerus="yes">
        <source>giving up for now: %n message(s) could not be sent; they are kept and sent the next time you connect to %1 port %2 as %3</source>
        <translation>
            <numerusform>giving up for now: %n message could not be sent; it is kept and sent the next time you connect to %1 port %2 as %3</numerusform>
            <numerusform>giving up for now: %n messages could not be sent; they are kept and sent the next time you connect to %1 port %2 as %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>giving up: %n message(s) could not be sent</source>
        <translation>
            <numerusform>giving up: %n message could not be sent</numerusform>
            <numerusform>giving up: %n messages could not be sent</numerusform>
        </translation>
    </message>
</context>
</TS>
