<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AppTranslations</name>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>ChatClient</name>
    <message>
        <source>The server stopped answering.</source>
        <translation>服务器已停止响应。</translation>
    </message>
    <message>
        <source>not sent: you connected to another server</source>
        <translation>未发送：你已连接到另一台服务器</translation>
    </message>
    <message>
        <source>The server sent a message too large to read.</source>
        <translation>服务器发来的消息太大，无法读取。</translation>
    </message>
    <message>
        <source>The connection timed out.</source>
        <translation>连接超时。</translation>
    </message>
    <message>
        <source>The server closed the connection before welcoming us.</source>
        <translation>服务器在完成握手之前关闭了连接。</translation>
    </message>
    <message>
        <source>The server closed the connection.</source>
        <translation>服务器关闭了连接。</translation>
    </message>
    <message>
        <source>The connection was lost: %1</source>
        <translation>连接中断：%1</translation>
    </message>
    <message>
        <source>Too many messages are waiting to be sent; wait for the connection to come back.</source>
        <translation>待发送的消息太多了，请等连接恢复后再发。</translation>
    </message>
    <message>
        <source>The message is too long for this server (%1 bytes; it takes at most %2).</source>
        <translation>这条消息对该服务器来说太长了（%1 字节，最多 %2 字节）。</translation>
    </message>
    <message>
        <source>not sent: you chose to drop it</source>
        <translation>未发送：你选择了丢弃</translation>
    </message>
    <message>
        <source>The nickname %1 is taken; choose another one.</source>
        <translation>昵称 %1 已被占用，请换一个。</translation>
    </message>
    <message>
        <source>The server does not accept the nickname %1.</source>
        <translation>服务器不接受昵称 %1。</translation>
    </message>
    <message>
        <source>This server needs a password.</source>
        <translation>这台服务器需要密码。</translation>
    </message>
    <message>
        <source>The password is wrong.</source>
        <translation>密码错误。</translation>
    </message>
    <message>
        <source>You are banned from this server.</source>
        <translation>你已被这台服务器封禁。</translation>
    </message>
    <message>
        <source>You were kicked from the room.</source>
        <translation>你被踢出了聊天室。</translation>
    </message>
    <message>
        <source>You were kicked from the room: %1</source>
        <translation>你被踢出了聊天室：%1</translation>
    </message>
    <message>
        <source>The server is shutting down.</source>
        <translation>服务器正在关闭。</translation>
    </message>
    <message>
        <source>The server is shutting down: %1</source>
        <translation>服务器正在关闭：%1</translation>
    </message>
    <message>
        <source>The server is full; try again later.</source>
        <translation>服务器已满，请稍后再试。</translation>
    </message>
    <message>
        <source>Too many connections come from your address; close one and try again.</source>
        <translation>来自你的地址的连接太多了，请关闭一个后再试。</translation>
    </message>
    <message>
        <source>This server speaks another version of the qtchat protocol; update qtchat or the server.</source>
        <translation>这台服务器使用另一版本的 qtchat 协议，请更新 qtchat 或服务器。</translation>
    </message>
    <message>
        <source>The server did not welcome us in time.</source>
        <translation>服务器没有及时接受连接。</translation>
    </message>
    <message>
        <source>The server stopped hearing from us.</source>
        <translation>服务器长时间没有收到我们的消息，已断开。</translation>
    </message>
    <message>
        <source>The server closed the connection: messages came faster than they could be read here.</source>
        <translation>服务器关闭了连接：消息来得太快，这边来不及读取。</translation>
    </message>
    <message>
        <source>The server closed the connection: too many messages at once.</source>
        <translation>服务器关闭了连接：一次发送的消息太多。</translation>
    </message>
    <message>
        <source>The message is too long for this server.</source>
        <translation>这条消息对该服务器来说太长了。</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>消息是空的。</translation>
    </message>
    <message>
        <source>The message has characters the server does not accept.</source>
        <translation>消息中有服务器不接受的字符。</translation>
    </message>
    <message>
        <source>No one called %1 is here.</source>
        <translation>这里没有叫 %1 的人。</translation>
    </message>
    <message>
        <source>The server did not understand what qtchat sent (%1).</source>
        <translation>服务器无法理解 qtchat 发送的内容（%1）。</translation>
    </message>
    <message>
        <source>not sent yet: kept for %1 port %2, and sent when you connect there again</source>
        <translation>尚未发送：已为 %1（端口 %2）保留，再次连接到那里时发送</translation>
    </message>
    <message>
        <source>quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>connection closed</source>
        <translation>连接已关闭</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>连接中断</translation>
    </message>
    <message>
        <source>stopped answering</source>
        <translation>已无响应</translation>
    </message>
    <message>
        <source>could not keep up with the room</source>
        <translation>跟不上聊天室的消息速度</translation>
    </message>
    <message>
        <source>sent too much at once</source>
        <translation>一次发送太多</translation>
    </message>
    <message>
        <source>sent a message too large</source>
        <translation>发送的消息过大</translation>
    </message>
    <message>
        <source>banned</source>
        <translation>已被封禁</translation>
    </message>
    <message>
        <source>the server is shutting down</source>
        <translation>服务器正在关闭</translation>
    </message>
    <message>
        <source>kicked</source>
        <translation>被踢出</translation>
    </message>
    <message>
        <source>kicked: %1</source>
        <translation>被踢出：%1</translation>
    </message>
    <message>
        <source>connection error: %1</source>
        <translation>连接错误：%1</translation>
    </message>
    <message>
        <source>That is not a room name: a room is # and up to 32 letters, digits or _ - . (#general).</source>
        <translation>这不是有效的聊天室名称：聊天室名称以 # 开头，后接最多 32 个字母、数字或 _ - .（例如 #general）。</translation>
    </message>
    <message>
        <source>There is no such room.</source>
        <translation>没有这个聊天室。</translation>
    </message>
    <message>
        <source>You are not in that room; join it first.</source>
        <translation>你不在那个聊天室里，请先加入。</translation>
    </message>
    <message>
        <source>No more rooms: the server has as many as it allows, or you are in as many as it lets one person be in.</source>
        <translation>无法再加入聊天室：服务器的聊天室数量已达上限，或你加入的聊天室已达每人上限。</translation>
    </message>
    <message>
        <source>The server&apos;s operator keeps that for themselves (making rooms, for one).</source>
        <translation>这项操作（例如创建聊天室）只有服务器管理员可以进行。</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passwords came from your address; try again in %n second(s).</source>
        <translation>
            <numerusform>来自你的地址的错误密码太多了，请在 %n 秒后再试。</numerusform>
        </translation>
    </message>
    <message>
        <source>This server takes encrypted connections only, and this connection is not encrypted.</source>
        <translation>此服务器只接受加密连接，而此连接未加密。</translation>
    </message>
    <message>
        <source>This copy of qtchat cannot encrypt connections: no TLS library was found (%1).</source>
        <translation>此 qtchat 无法加密连接：找不到 TLS 库（%1）。</translation>
    </message>
    <message>
        <source>The server&apos;s certificate has changed: %1 port %2 showed %3 before, and %4 now. Its operator may have replaced it, or someone between you and the server may be listening in.</source>
        <translation>服务器的证书变了：%1 端口 %2 以前出示的是 %3，现在是 %4。可能是管理员更换了证书，也可能有人在你和服务器之间窃听。</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <source>The encrypted connection to %1 port %2 could not be set up (%3). This server used encryption before, so qtchat does not connect to it without.</source>
        <translation>无法建立到 %1 端口 %2 的加密连接（%3）。此服务器以前使用加密，所以 qtchat 不会不加密地连接它。</translation>
    </message>
    <message>
        <source>%1 port %2 does not set up an encrypted connection (%3). It may be an older qtchat server or another kind of chat server; without encryption, anyone on the network can read the chat and the password.</source>
        <translation>%1 端口 %2 不建立加密连接（%3）。它可能是旧版的 qtchat 服务器或别种聊天服务器；不加密时，网络上的任何人都能读到聊天内容和密码。</translation>
    </message>
    <message>
        <source>The server that answered at %1 port %2 is not the one announced on the network: its certificate is %3, the announcement said %4. Someone on the network may be pretending to be it.</source>
        <translation>在 %1 端口 %2 应答的服务器不是网络上宣告的那一台：它的证书是 %3，宣告中说的是 %4。网络上可能有人在冒充它。</translation>
    </message>
</context>
<context>
    <name>ChatWindow</name>
    <message>
        <source>qtchat</source>
        <translation>qtchat</translation>
    </message>
    <message>
        <source>&amp;People</source>
        <translation>在线成员(&amp;P)</translation>
    </message>
    <message>
        <source>People in the room</source>
        <translation>聊天室里的人</translation>
    </message>
    <message>
        <source>Double-click someone to talk to them privately</source>
        <translation>双击某人即可与其私聊</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Type a message; Enter sends, Shift+Enter starts a new line, /help lists the commands</source>
        <translation>输入消息：Enter 发送，Shift+Enter 换行，/help 查看命令</translation>
    </message>
    <message>
        <source>S&amp;end</source>
        <translation>发送(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>连接(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About qtchat</source>
        <translation>关于 qtchat(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Reconnect now</source>
        <translation>立即重连(&amp;R)</translation>
    </message>
    <message>
        <source>About qtchat</source>
        <translation>关于 qtchat</translation>
    </message>
    <message>
        <source>qtchat %1

Chat with your team, class or LAN party. Messages typed while the connection is down are sent when it comes back.</source>
        <translation>qtchat %1

与团队、班级或局域网聚会的朋友聊天。断线期间输入的消息会在连接恢复后自动发出。</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开连接</translation>
    </message>
    <message>
        <source>Connected to %1 port %2 as %3.</source>
        <translation>已连接到 %1（端口 %2），昵称：%3。</translation>
    </message>
    <message>
        <source>&amp;People (%1)</source>
        <translation>在线成员（%1）(&amp;P)</translation>
    </message>
    <message>
        <source>→ %1 joined</source>
        <translation>→ %1 进入聊天室</translation>
    </message>
    <message>
        <source>← %1 left</source>
        <translation>← %1 离开聊天室</translation>
    </message>
    <message>
        <source>← %1 left (%2)</source>
        <translation>← %1 离开聊天室（%2）</translation>
    </message>
    <message>
        <source>%1 is now known as %2</source>
        <translation>%1 改名为 %2</translation>
    </message>
    <message>
        <source>Private messages with %1</source>
        <translation>与 %1 的私聊</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>Not connected: choose Chat &gt; Connect… first.</source>
        <translation>尚未连接：请先选择“聊天 &gt; 连接…”。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 (private)</source>
        <translation>%1（私聊）</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>(%1)</source>
        <translation>(%1)</translation>
    </message>
    <message>
        <source>(%1) %2</source>
        <translation>(%1) %2</translation>
    </message>
    <message>
        <source>Not connected. Chat &gt; Connect… to join a server.</source>
        <translation>未连接。选择“聊天 &gt; 连接…”加入服务器。</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>未连接：%1</translation>
    </message>
    <message>
        <source>Connecting to %1 port %2…</source>
        <translation>正在连接 %1（端口 %2）…</translation>
    </message>
    <message>
        <source>Connected to %1 port %2 as %3</source>
        <translation>已连接到 %1（端口 %2），昵称：%3</translation>
    </message>
    <message>
        <source>Quit qtchat?</source>
        <translation>退出 qtchat？</translation>
    </message>
    <message>
        <source>Message too long</source>
        <translation>消息过长</translation>
    </message>
    <message>
        <source>&amp;Keep editing</source>
        <translation>继续编辑(&amp;K)</translation>
    </message>
    <message>
        <source>Nothing to paste: what was copied holds no text.</source>
        <translation>没有可粘贴的内容：复制的内容里没有文字。</translation>
    </message>
    <message>
        <source>This message is %1 bytes: %2 more than the server takes in one message (%3). Shorten it, or send it as several messages.</source>
        <translation>这条消息有 %1 字节，比服务器单条消息的上限（%3）多 %2 字节。请缩短它，或分成几条发送。</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Send as %n messages</source>
        <translation>
            <numerusform>分成 %n 条发送(&amp;S)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (connecting)</source>
        <translation>%1（正在连接）</translation>
    </message>
    <message>
        <source>%1 (not connected)</source>
        <translation>%1（未连接）</translation>
    </message>
    <message>
        <source>Trying again in %1 s. %2</source>
        <translation>%1 秒后重试。%2</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) will be sent when you are back online.</source>
        <translation>
            <numerusform>恢复连接后将发送 %n 条消息。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;People (%1, when last connected)</source>
        <translation>在线成员（%1，上次连接时）(&amp;P)</translation>
    </message>
    <message>
        <source>Who was here when the connection was last up (since %1); it is brought up to date when the server is back.</source>
        <translation>上次连接时（%1 起）在线的人；连接恢复后会更新。</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) you typed have not reached the server yet.</source>
        <translation>
            <numerusform>你输入的 %n 条消息还没有送达服务器。</numerusform>
        </translation>
    </message>
    <message>
        <source>They are kept, and sent the next time you connect to %1 as %2.</source>
        <translation>这些消息会被保留，下次以 %2 的身份连接到 %1 时发送。</translation>
    </message>
    <message>
        <source>&amp;Drop them and quit</source>
        <translation>丢弃并退出(&amp;D)</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) you typed have not reached the server yet and will be lost.</source>
        <translation>
            <numerusform>你输入的 %n 条消息还没有送达服务器，将会丢失。</numerusform>
        </translation>
    </message>
    <message>
        <source>In a room this large, people coming and going are counted, not listed one by one: /who brings the list up to date.</source>
        <translation>聊天室人数很多时，进出的人只计数，不逐一列出：/who 可刷新成员列表。</translation>
    </message>
    <message numerus="yes">
        <source>→ %n joined</source>
        <translation>
            <numerusform>→ %n 人进入</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>← %n left</source>
        <translation>
            <numerusform>← %n 人离开</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people here</source>
        <translation>
            <numerusform>现有 %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Rooms and private conversations</source>
        <translation>聊天室和私聊</translation>
    </message>
    <message>
        <source>&amp;Join a room…</source>
        <translation>加入聊天室(&amp;J)…</translation>
    </message>
    <message>
        <source>See the server&apos;s rooms, and join one or make a new one</source>
        <translation>查看服务器上的聊天室，加入一个或新建一个</translation>
    </message>
    <message>
        <source>&amp;Join a Room…</source>
        <translation>加入聊天室(&amp;J)…</translation>
    </message>
    <message>
        <source>Ctrl+J</source>
        <translation>Ctrl+J</translation>
    </message>
    <message>
        <source>&amp;Leave Room</source>
        <translation>离开聊天室(&amp;L)</translation>
    </message>
    <message>
        <source>Set the &amp;Topic…</source>
        <translation>设置主题(&amp;T)…</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>Private</source>
        <translation>私聊</translation>
    </message>
    <message>
        <source>Topic of %1</source>
        <translation>%1 的主题</translation>
    </message>
    <message>
        <source>What the room is about (empty: no topic):</source>
        <translation>这个聊天室的主题（留空则无主题）：</translation>
    </message>
    <message>
        <source>There is no topic.</source>
        <translation>没有主题。</translation>
    </message>
    <message>
        <source>%1 cleared the topic.</source>
        <translation>%1 清除了主题。</translation>
    </message>
    <message>
        <source>Topic: %1</source>
        <translation>主题：%1</translation>
    </message>
    <message>
        <source>%1 set the topic: %2</source>
        <translation>%1 将主题设为：%2</translation>
    </message>
    <message>
        <source>You left %1.</source>
        <translation>你离开了 %1。</translation>
    </message>
    <message>
        <source>You are no longer in %1: %2</source>
        <translation>你已不在 %1 中：%2</translation>
    </message>
    <message>
        <source>Could not join %1 again: %2</source>
        <translation>无法重新加入 %1：%2</translation>
    </message>
    <message>
        <source>Messages in %1</source>
        <translation>%1 中的消息</translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n 条未读</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mentioning you</source>
        <translation>
            <numerusform>%n 条提到你</numerusform>
        </translation>
    </message>
    <message>
        <source>you are not in this room</source>
        <translation>你不在这个聊天室里</translation>
    </message>
    <message>
        <source>notifications off</source>
        <translation>已关闭通知</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Not connected: rooms can be joined once the server has you.</source>
        <translation>未连接：连接上服务器后才能加入聊天室。</translation>
    </message>
    <message>
        <source>This server has one room only (it is older than rooms).</source>
        <translation>这台服务器只有一个聊天室（它的版本早于多聊天室功能）。</translation>
    </message>
    <message>
        <source>&amp;Notify Me</source>
        <translation>通知我(&amp;N)</translation>
    </message>
    <message>
        <source>For &amp;Every Message</source>
        <translation>每条消息(&amp;E)</translation>
    </message>
    <message>
        <source>When I Am &amp;Mentioned</source>
        <translation>有人提到我时(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Never</source>
        <translation>从不(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Leave %1</source>
        <translation>离开 %1(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Join Again</source>
        <translation>重新加入(&amp;J)</translation>
    </message>
    <message>
        <source>Private conversation with %1</source>
        <translation>与 %1 的私聊</translation>
    </message>
    <message>
        <source>%1 — you are not in this room</source>
        <translation>%1 — 你不在这个聊天室里</translation>
    </message>
    <message>
        <source>%1 — no topic (Chat &gt; Set the Topic… sets one)</source>
        <translation>%1 — 无主题（“聊天 &gt; 设置主题…”可以设置）</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Topic: %1 (set by %2)</source>
        <translation>主题：%1（由 %2 设置）</translation>
    </message>
    <message>
        <source>You are in %1 now.</source>
        <translation>你现在在 %1 中。</translation>
    </message>
    <message>
        <source>&amp;Close Conversation</source>
        <translation>关闭对话(&amp;C)</translation>
    </message>
    <message>
        <source>The first encrypted connection to this server from this computer: its certificate is %1. If the server&apos;s window shows the same, nobody is in between; qtchat will warn you if it ever changes.</source>
        <translation>这是本机第一次与此服务器建立加密连接：它的证书是 %1。如果服务器窗口显示的相同，就没有人在中间；证书一旦改变，qtchat 会提醒你。</translation>
    </message>
    <message>
        <source>This connection is not encrypted: anyone on the network can read it.</source>
        <translation>此连接未加密：网络上的任何人都能读到。</translation>
    </message>
    <message>
        <source>The Server&apos;s Certificate Has Changed</source>
        <translation>服务器的证书已改变</translation>
    </message>
    <message>
        <source>%1 port %2 is not showing the certificate it showed before.</source>
        <translation>%1 端口 %2 出示的不是它以前出示的证书。</translation>
    </message>
    <message>
        <source>Before: %1
Now: %2

Its operator may have replaced it (a new installation, a new computer). Or someone between you and the server may be pretending to be it, to read the chat. Ask the operator which fingerprint the server shows now (in its window, or when qtchat-server --no-gui starts) before you trust it.</source>
        <translation>以前：%1
现在：%2

可能是管理员更换了证书（重新安装、换了电脑）。也可能有人在你和服务器之间冒充它，以偷看聊天。在信任它之前，请向管理员确认服务器现在显示的指纹（在服务器窗口中，或 qtchat-server --no-gui 启动时）。</translation>
    </message>
    <message>
        <source>SHA-256 fingerprints
Before: %1
Now: %2</source>
        <translation>SHA-256 指纹
以前：%1
现在：%2</translation>
    </message>
    <message>
        <source>Don&apos;t Connect</source>
        <translation>不连接</translation>
    </message>
    <message>
        <source>Trust the New Certificate</source>
        <translation>信任新证书</translation>
    </message>
    <message>
        <source>You trusted the new certificate of %1 port %2: %3.</source>
        <translation>你信任了 %1 端口 %2 的新证书：%3。</translation>
    </message>
    <message>
        <source>Connect Without Encryption?</source>
        <translation>不加密连接？</translation>
    </message>
    <message>
        <source>Connect only if you trust this network. qtchat remembers the choice for this server; the status bar shows &quot;Not encrypted&quot; while you are connected so.</source>
        <translation>只有在你信任这个网络时才连接。qtchat 会为此服务器记住这个选择；这样连接时，状态栏会显示“未加密”。</translation>
    </message>
    <message>
        <source>Connect Without Encryption</source>
        <translation>不加密连接</translation>
    </message>
    <message>
        <source>Encrypted Connection</source>
        <translation>加密连接</translation>
    </message>
    <message>
        <source>Try Encryption Again?</source>
        <translation>再试加密？</translation>
    </message>
    <message>
        <source>Connect to %1 port %2 with encryption again? If the server still does not offer it, qtchat asks you once more.</source>
        <translation>再次以加密方式连接 %1 端口 %2？如果服务器仍不提供加密，qtchat 会再问你一次。</translation>
    </message>
    <message>
        <source>Encrypted (%1). The server&apos;s certificate: %2, %3.</source>
        <translation>已加密（%1）。服务器的证书：%2，%3。</translation>
    </message>
    <message>
        <source>vouched for by a certificate authority</source>
        <translation>由证书颁发机构担保</translation>
    </message>
    <message>
        <source>the one it showed the first time</source>
        <translation>与第一次出示的相同</translation>
    </message>
    <message>
        <source>Not encrypted: anyone on the network can read this chat and the password. You agreed to connect to this server without encryption; click to try encryption again.</source>
        <translation>未加密：网络上的任何人都能读到这里的聊天和密码。你同意了不加密地连接此服务器；点击可再试加密。</translation>
    </message>
</context>
<context>
    <name>ClientSettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Nickname:</source>
        <translation>昵称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Text size:</source>
        <translation>字号(&amp;T)：</translation>
    </message>
    <message>
        <source>as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> 磅</translation>
    </message>
    <message>
        <source>N&amp;otify me:</source>
        <translation>通知我(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Takes effect the next time qtchat starts</source>
        <translation>下次启动 qtchat 时生效</translation>
    </message>
    <message>
        <source>Show the &amp;time of each message</source>
        <translation>显示每条消息的时间(&amp;T)</translation>
    </message>
    <message>
        <source>for every message</source>
        <translation>每条消息都通知</translation>
    </message>
    <message>
        <source>when someone mentions me or writes to me privately</source>
        <translation>有人提到我或私聊我时</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Nickname not valid</source>
        <translation>昵称无效</translation>
    </message>
</context>
<context>
    <name>CommandInterpreter</name>
    <message>
        <source>In the room (%1): %2</source>
        <translation>聊天室里的人（%1）：%2</translation>
    </message>
    <message>
        <source>/me cannot be sent privately; use it in the room.</source>
        <translation>/me 不能用于私聊，请在聊天室里使用。</translation>
    </message>
    <message>
        <source>Not sent: no one called %1 is here; /who lists who is.</source>
        <translation>未发送：这里没有叫 %1 的人；/who 可查看谁在。</translation>
    </message>
    <message>
        <source>This nickname cannot be used: %1</source>
        <translation>不能使用这个昵称：%1</translation>
    </message>
    <message>
        <source>You are already called %1.</source>
        <translation>你的昵称已经是 %1。</translation>
    </message>
    <message>
        <source>Not connected: the list of people comes once the server is back.</source>
        <translation>未连接：连接恢复后才能查看在线成员。</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) you typed earlier wait to be sent; they go as soon as the server has you.</source>
        <translation>
            <numerusform>你之前输入的 %n 条消息正在等待发送，连接上服务器后会立即发出。</numerusform>
        </translation>
    </message>
    <message>
        <source>Messages that wait to be sent cannot be kept on disk (%1): they are lost if qtchat quits before the server has them.</source>
        <translation>待发送的消息无法保存到磁盘（%1）：如果在服务器收到之前退出 qtchat，它们会丢失。</translation>
    </message>
    <message>
        <source>In the room (%1): %2, and %3 more</source>
        <translation>聊天室里的人（%1）：%2，另有 %3 人</translation>
    </message>
    <message>
        <source>In %1 (%2): %3, and %4 more</source>
        <translation>%1 中（%2 人）：%3，以及另外 %4 人</translation>
    </message>
    <message>
        <source>In %1 (%2): %3</source>
        <translation>%1 中（%2 人）：%3</translation>
    </message>
    <message numerus="yes">
        <source>%n room(s) on this server:</source>
        <translation>
            <numerusform>这台服务器上有 %n 个聊天室：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message>
        <source> (you are in it)</source>
        <translation>（你在其中）</translation>
    </message>
    <message>
        <source>  %1 — %2%3</source>
        <translation>  %1 — %2%3</translation>
    </message>
    <message>
        <source>  %1 — %2%3 — %4</source>
        <translation>  %1 — %2%3 — %4</translation>
    </message>
    <message>
        <source>/join #ROOM goes into one (and makes it, if it is new).</source>
        <translation>/join #聊天室 可以进入一个聊天室（不存在则创建）。</translation>
    </message>
    <message>
        <source>Could not join %1: %2</source>
        <translation>无法加入 %1：%2</translation>
    </message>
    <message>
        <source>Not connected: rooms can be joined and left once the server is back.</source>
        <translation>未连接：服务器恢复后才能加入或离开聊天室。</translation>
    </message>
    <message>
        <source>This server has one room only (it is older than rooms).</source>
        <translation>这台服务器只有一个聊天室（它的版本早于多聊天室功能）。</translation>
    </message>
    <message>
        <source>%1 is not a room name: %2</source>
        <translation>%1 不是有效的聊天室名称：%2</translation>
    </message>
    <message>
        <source>/part leaves a room: name it (/part #room), or type it in the room.</source>
        <translation>/part 用于离开聊天室：请写出名称（/part #聊天室），或在该聊天室中输入。</translation>
    </message>
    <message>
        <source>You are not in %1.</source>
        <translation>你不在 %1 中。</translation>
    </message>
    <message>
        <source>/topic sets a room&apos;s topic: type it in the room.</source>
        <translation>/topic 用于设置聊天室的主题：请在该聊天室中输入。</translation>
    </message>
    <message>
        <source>You are not in %1: /join %1 to come back.</source>
        <translation>你不在 %1 中：输入 /join %1 可以重新加入。</translation>
    </message>
    <message>
        <source>Not set: %1</source>
        <translation>未设置：%1</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to a chat server</source>
        <translation>连接到聊天服务器</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>服务器地址(&amp;A)：</translation>
    </message>
    <message>
        <source>An IP address or a name; &quot;address:port&quot; fills in the port too. Recent servers are in the list.</source>
        <translation>IP 地址或主机名；输入“地址:端口”会同时填好端口。最近用过的服务器在下拉列表中。</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Nickname:</source>
        <translation>昵称(&amp;N)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>only if the server asks for one</source>
        <translation>仅在服务器要求时填写</translation>
    </message>
    <message>
        <source>&amp;Remember this server and nickname</source>
        <translation>记住这台服务器和昵称(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
    <message>
        <source>Type the server&apos;s address, such as 192.168.1.10.</source>
        <translation>请输入服务器地址，例如 192.168.1.10。</translation>
    </message>
    <message>
        <source>This nickname cannot be used: %1</source>
        <translation>不能使用这个昵称：%1</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>The address gives the port (after the colon).</source>
        <translation>地址里已经给出了端口（冒号后面）。</translation>
    </message>
    <message>
        <source>Pick a server found on this network, or type the address and port the server&apos;s host gave you (such as 192.168.1.10 and 5555); and the name others will see.</source>
        <translation>选择在此网络上找到的服务器，或输入服务器主人给你的地址和端口（例如 192.168.1.10 和 5555）；再填上别人会看到的名字。</translation>
    </message>
</context>
<context>
    <name>ConnectionDoctor</name>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1：%2%3</translation>
    </message>
    <message>
        <source>Looking up the server&apos;s name</source>
        <translation>查找服务器的名称</translation>
    </message>
    <message>
        <source>Reaching the server&apos;s network</source>
        <translation>到达服务器所在的网络</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Setting up encryption</source>
        <translation>建立加密</translation>
    </message>
    <message>
        <source>Checking the server&apos;s identity</source>
        <translation>核对服务器的身份</translation>
    </message>
    <message>
        <source>Logging in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Joining the server</source>
        <translation>进入服务器</translation>
    </message>
    <message>
        <source>On the server&apos;s computer, allow qtchat-server when Windows asks, or in Windows Defender Firewall &gt; Allow an app, or open TCP port %1 there.</source>
        <translation>在服务器的电脑上，当 Windows 询问时允许 qtchat-server，或在“Windows Defender 防火墙 &gt; 允许应用”中允许它，或在那里开放 TCP 端口 %1。</translation>
    </message>
    <message>
        <source>On the server&apos;s computer, allow incoming connections for qtchat-server in System Settings &gt; Network &gt; Firewall (TCP port %1).</source>
        <translation>在服务器的电脑上，于“系统设置 &gt; 网络 &gt; 防火墙”中允许 qtchat-server 的传入连接（TCP 端口 %1）。</translation>
    </message>
    <message>
        <source>On the server&apos;s computer, open TCP port %1 (on Ubuntu: sudo ufw allow %1/tcp).</source>
        <translation>在服务器的电脑上开放 TCP 端口 %1（Ubuntu 上：sudo ufw allow %1/tcp）。</translation>
    </message>
    <message>
        <source>%1 port %2</source>
        <translation>%1 端口 %2</translation>
    </message>
    <message>
        <source>No computer called %1 was found.</source>
        <translation>找不到名为 %1 的电脑。</translation>
    </message>
    <message>
        <source>Names ending in .local need multicast DNS on this computer: pick the server from the list of servers found on the network, or type its IP address.</source>
        <translation>以 .local 结尾的名称需要这台电脑支持组播 DNS：请从网络上找到的服务器列表中选择，或输入它的 IP 地址。</translation>
    </message>
    <message>
        <source>Check the spelling, or type the server&apos;s IP address (the server&apos;s window shows it).</source>
        <translation>请检查拼写，或输入服务器的 IP 地址（服务器窗口中有显示）。</translation>
    </message>
    <message>
        <source>%1 is not on any network this computer is connected to.</source>
        <translation>%1 不在这台电脑连接的任何网络上。</translation>
    </message>
    <message>
        <source>Check the address for a typo. If it is right, the server is on another network (another subnet, or behind a VPN): connect this computer to the server&apos;s network.</source>
        <translation>请检查地址是否有笔误。如果没错，服务器就在另一个网络上（另一个子网，或在 VPN 之后）：请把这台电脑连到服务器所在的网络。</translation>
    </message>
    <message>
        <source>%1 refused the connection: no server listens there.</source>
        <translation>%1 拒绝了连接：那里没有服务器在监听。</translation>
    </message>
    <message>
        <source>The server announced itself a moment ago; it may have just stopped, or a firewall on its computer refuses the port. %1</source>
        <translation>服务器刚才还在网络上宣告过自己；它可能刚刚停止，或它电脑上的防火墙拒绝了这个端口。%1</translation>
    </message>
    <message>
        <source>The server is not running, or it listens on another port: check the port its window shows.</source>
        <translation>服务器没有运行，或在另一个端口监听：请核对服务器窗口显示的端口。</translation>
    </message>
    <message>
        <source>%1 took the connection but did not welcome us in time.</source>
        <translation>%1 接受了连接，但没有及时欢迎我们。</translation>
    </message>
    <message>
        <source>It may not be a qtchat server, or it is overloaded: check the address and port, or try again in a moment.</source>
        <translation>它可能不是 qtchat 服务器，或负载过重：请核对地址和端口，或稍后再试。</translation>
    </message>
    <message>
        <source>The server announced itself on this network, but nothing answered at %1.</source>
        <translation>服务器在此网络上宣告了自己，但 %1 没有任何应答。</translation>
    </message>
    <message>
        <source>A firewall on the server&apos;s computer most likely drops the connection. %1</source>
        <translation>很可能是服务器电脑上的防火墙丢弃了连接。%1</translation>
    </message>
    <message>
        <source>Nothing answered at %1.</source>
        <translation>%1 没有任何应答。</translation>
    </message>
    <message>
        <source>%1 is not on any network this computer is on: check it for a typo, or connect to the server&apos;s network (another subnet, or a VPN).</source>
        <translation>%1 不在这台电脑所在的任何网络上：请检查是否有笔误，或连到服务器所在的网络（另一个子网，或 VPN）。</translation>
    </message>
    <message>
        <source>A firewall on the server&apos;s computer may drop the connection, the Wi-Fi may keep devices apart (client isolation, common on guest networks), or the address is wrong. %1</source>
        <translation>可能是服务器电脑上的防火墙丢弃了连接，也可能是 Wi-Fi 把设备相互隔离（客户端隔离，访客网络中很常见），或地址有误。%1</translation>
    </message>
    <message>
        <source>The server may be an old qtchat or another program on that port; check the port, or ask the server&apos;s operator.</source>
        <translation>那个端口上可能是旧版 qtchat 或别的程序；请核对端口，或询问服务器管理员。</translation>
    </message>
    <message>
        <source>Ask the server&apos;s operator to read you its fingerprint before you trust it.</source>
        <translation>在信任之前，请服务器管理员把指纹念给你听。</translation>
    </message>
    <message>
        <source>Ask the server&apos;s operator for the password (it is case-sensitive).</source>
        <translation>请向服务器管理员询问密码（区分大小写）。</translation>
    </message>
    <message>
        <source>Only the server&apos;s operator can lift a ban.</source>
        <translation>只有服务器管理员才能解除封禁。</translation>
    </message>
    <message>
        <source>Try again later, or ask the server&apos;s operator to let more people in.</source>
        <translation>请稍后再试，或请服务器管理员允许更多人进入。</translation>
    </message>
</context>
<context>
    <name>ConnectionTableModel</name>
    <message>
        <source>A plain-text client (nc, telnet or the tutorial&apos;s client.py)</source>
        <translation>纯文本客户端（nc、telnet 或教程中的 client.py）</translation>
    </message>
    <message>
        <source>A qtchat client, speaking the qtchat protocol</source>
        <translation>qtchat 客户端，使用 qtchat 协议</translation>
    </message>
    <message>
        <source>plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <source>qtchat</source>
        <translation>qtchat</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Connected since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <source>Last activity</source>
        <translation>最近活动</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>Encrypted (TLS)</source>
        <translation>已加密（TLS）</translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation>未加密</translation>
    </message>
    <message>
        <source>plain text, TLS</source>
        <translation>纯文本，TLS</translation>
    </message>
    <message>
        <source>qtchat, TLS</source>
        <translation>qtchat，TLS</translation>
    </message>
</context>
<context>
    <name>EncryptionIndicator</name>
    <message>
        <source>Encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>Not encrypted</source>
        <translation>未加密</translation>
    </message>
</context>
<context>
    <name>FoundServersList</name>
    <message>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation>未加密</translation>
    </message>
    <message>
        <source>needs a password</source>
        <translation>需要密码</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 port %2</source>
        <translation>%1 端口 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Servers on this network cannot be listed: %1</source>
        <translation>无法列出此网络上的服务器：%1</translation>
    </message>
    <message>
        <source>Servers on this network (click one to connect):</source>
        <translation>此网络上的服务器（点击即可连接）：</translation>
    </message>
    <message>
        <source>Looking for servers on this network…</source>
        <translation>正在查找此网络上的服务器…</translation>
    </message>
    <message>
        <source>No server found on this network yet; type its address below.</source>
        <translation>此网络上暂未找到服务器；请在下面输入地址。</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
</context>
<context>
    <name>JoinRoomDialog</name>
    <message>
        <source>Join a Room</source>
        <translation>加入聊天室</translation>
    </message>
    <message>
        <source>&amp;Room (type to filter, or a new name to make a room):</source>
        <translation>聊天室(&amp;R)（输入文字筛选，或输入新名称来创建）：</translation>
    </message>
    <message>
        <source>#room</source>
        <translation>#聊天室</translation>
    </message>
    <message>
        <source>Rooms on the server</source>
        <translation>服务器上的聊天室</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Asking the server for its rooms…</source>
        <translation>正在向服务器获取聊天室列表…</translation>
    </message>
    <message>
        <source>You are in this room</source>
        <translation>你在这个聊天室里</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>加入(&amp;J)</translation>
    </message>
    <message numerus="yes">
        <source>%n room(s) on this server. Pick one, or type the name of a new one.</source>
        <translation>
            <numerusform>这台服务器上有 %n 个聊天室。选一个，或输入新聊天室的名称。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not a room name: %2</source>
        <translation>%1 不是有效的聊天室名称：%2</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <source>You are in %1.</source>
        <translation>你在 %1 中。</translation>
    </message>
    <message>
        <source>&amp;Make %1</source>
        <translation>创建 %1(&amp;M)</translation>
    </message>
    <message>
        <source>There is no room called %1 yet: it is made, and you are its first member.</source>
        <translation>还没有叫 %1 的聊天室：将会创建它，你是第一位成员。</translation>
    </message>
</context>
<context>
    <name>KnownServers</name>
    <message>
        <source>%1 is too large to be qtchat&apos;s list of known servers</source>
        <translation>%1 太大，不是 qtchat 的已知服务器列表</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>MessageModel</name>
    <message>
        <source>Earlier messages</source>
        <translation>更早的消息</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>%1 joins and leaves in a row</source>
        <translation>连续进出 %1 次</translation>
    </message>
    <message>
        <source>Notice:</source>
        <translation>公告：</translation>
    </message>
    <message>
        <source>earlier messages above, new ones below</source>
        <translation>以上为历史消息，以下为新消息</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <source>not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
</context>
<context>
    <name>OutboxStore</name>
    <message>
        <source>the folder %1 cannot be made</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>another qtchat is keeping the messages for this server and nickname</source>
        <translation>另一个 qtchat 正在保存这台服务器和这个昵称的消息</translation>
    </message>
    <message>
        <source>%1 cannot be written</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>%1 cannot be removed</source>
        <translation>无法删除 %1</translation>
    </message>
</context>
<context>
    <name>PlainTextFormat</name>
    <message>
        <source>usage: /nick NAME</source>
        <translation>用法：/nick 新昵称</translation>
    </message>
    <message>
        <source>usage: /me TEXT</source>
        <translation>用法：/me 动作</translation>
    </message>
    <message>
        <source>usage: /msg NICK TEXT</source>
        <translation>用法：/msg 昵称 内容</translation>
    </message>
    <message>
        <source>Type a line and press Enter to say it to everyone. Commands:</source>
        <translation>输入一行文字并按 Enter 即可发给所有人。命令：</translation>
    </message>
    <message>
        <source>  /nick NAME       change your nickname</source>
        <translation>  /nick 新昵称     修改昵称</translation>
    </message>
    <message>
        <source>  /me TEXT         say what you are doing (* you TEXT)</source>
        <translation>  /me 动作         描述你在做什么（显示为 * 你 动作）</translation>
    </message>
    <message>
        <source>  /msg NICK TEXT   send a private message</source>
        <translation>  /msg 昵称 内容   发送私聊消息</translation>
    </message>
    <message>
        <source>  /who             list who is here</source>
        <translation>  /who             查看谁在聊天室</translation>
    </message>
    <message>
        <source>  /quit [REASON]   leave</source>
        <translation>  /quit [原因]     离开</translation>
    </message>
    <message>
        <source>  /help            show this help</source>
        <translation>  /help            显示本帮助</translation>
    </message>
    <message>
        <source>unknown command %1 — /help lists the commands</source>
        <translation>未知命令 %1 —— /help 可查看所有命令</translation>
    </message>
    <message>
        <source>  //TEXT           say a line that starts with /</source>
        <translation>  //内容          发送以 / 开头的一行文字</translation>
    </message>
    <message>
        <source>usage: /join #ROOM</source>
        <translation>用法：/join #聊天室</translation>
    </message>
    <message>
        <source>usage: /topic TEXT</source>
        <translation>用法：/topic 文字</translation>
    </message>
    <message>
        <source>  /join #ROOM      go into a room (made if it is new)</source>
        <translation>  /join #聊天室    进入聊天室（不存在则创建）</translation>
    </message>
    <message>
        <source>  /part [#ROOM]    leave a room (this one if none)</source>
        <translation>  /part [#聊天室]  离开聊天室（不指定则离开当前的）</translation>
    </message>
    <message>
        <source>  /rooms           list the rooms</source>
        <translation>  /rooms           列出所有聊天室</translation>
    </message>
    <message>
        <source>  /topic TEXT      set this room&apos;s topic</source>
        <translation>  /topic 文字      设置当前聊天室的主题</translation>
    </message>
</context>
<context>
    <name>PortEdit</name>
    <message>
        <source>Type a port: a number from 1 to 65535, or 0 for any free port.</source>
        <translation>请输入端口：1 到 65535 之间的数字，或用 0 表示任意空闲端口。</translation>
    </message>
    <message>
        <source>Type a port: a number from 1 to 65535.</source>
        <translation>请输入端口：1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>%1 is not a port: a port is a number from 1 to 65535 (or 0 for any free port).</source>
        <translation>%1 不是端口：端口是 1 到 65535 之间的数字（或用 0 表示任意空闲端口）。</translation>
    </message>
    <message>
        <source>%1 is not a port: a port is a number from 1 to 65535.</source>
        <translation>%1 不是端口：端口是 1 到 65535 之间的数字。</translation>
    </message>
</context>
<context>
    <name>ServerLister</name>
    <message>
        <source>qtchat: cannot look for servers on this network: %1</source>
        <translation>qtchat：无法在此网络上查找服务器：%1</translation>
    </message>
    <message numerus="yes">
        <source>Looking for qtchat servers on this network (%n second(s))…</source>
        <translation>
            <numerusform>正在此网络上查找 qtchat 服务器（%n 秒）…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>已加密</translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation>未加密</translation>
    </message>
    <message>
        <source>needs a password</source>
        <translation>需要密码</translation>
    </message>
    <message>
        <source>  %1 — %2 port %3 — %4</source>
        <translation>  %1 — %2 端口 %3 — %4</translation>
    </message>
    <message>
        <source>    qtchat --no-gui %1 %2</source>
        <translation>    qtchat --no-gui %1 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s) found.</source>
        <translation>
            <numerusform>找到 %n 台服务器。</numerusform>
        </translation>
    </message>
    <message>
        <source>No qtchat server answered on this network (looked on %1). The server may not announce itself (--no-announce), be on another network, or a firewall may block multicast DNS (UDP port 5353); give its address instead: qtchat --no-gui HOST PORT.</source>
        <translation>此网络上没有 qtchat 服务器应答（在 %1 上查找过）。服务器可能没有宣告自己（--no-announce），或在另一个网络上，或防火墙挡住了组播 DNS（UDP 端口 5353）；请改为给出它的地址：qtchat --no-gui 主机 端口。</translation>
    </message>
    <message>
        <source>no network</source>
        <translation>没有网络</translation>
    </message>
</context>
<context>
    <name>ServerSettingsDialog</name>
    <message>
        <source>Server settings</source>
        <translation>服务器设置</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Most &amp;connections:</source>
        <translation>最多连接数(&amp;C)：</translation>
    </message>
    <message>
        <source>Most people connected at once</source>
        <translation>同时在线的最多人数</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Most from one a&amp;ddress:</source>
        <translation>单个地址最多连接(&amp;D)：</translation>
    </message>
    <message>
        <source>Most connections from one computer</source>
        <translation>同一台电脑最多的连接数</translation>
    </message>
    <message>
        <source>&amp;Messages per second:</source>
        <translation>每秒消息数(&amp;M)：</translation>
    </message>
    <message>
        <source>How fast one person may send once their burst is used; faster messages wait</source>
        <translation>用完突发额度后每人每秒可发的消息数；更快的消息会排队等候</translation>
    </message>
    <message>
        <source>Messages at &amp;once:</source>
        <translation>突发消息数(&amp;O)：</translation>
    </message>
    <message>
        <source>Messages one person may send at once before the rate applies</source>
        <translation>在速率限制生效前，每人可一次连续发送的消息数</translation>
    </message>
    <message>
        <source>1</source>
        <translation>1</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>none: anyone may join</source>
        <translation>不设密码：任何人都可加入</translation>
    </message>
    <message>
        <source>&amp;Welcome text:</source>
        <translation>欢迎语(&amp;W)：</translation>
    </message>
    <message>
        <source>Shown to everyone who joins</source>
        <translation>每个加入的人都会看到</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>&amp;Keep the history on disk (people coming back see what they missed, even after a restart)</source>
        <translation>将历史记录保存到磁盘(&amp;K)（重新连接的人能看到错过的消息，服务器重启后也不丢失）</translation>
    </message>
    <message>
        <source>&amp;Forget messages after:</source>
        <translation>消息保留时间(&amp;F)：</translation>
    </message>
    <message>
        <source>Messages older than this are removed, at start and every hour</source>
        <translation>超过这个时间的消息会在启动时和每小时被删除</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Keep at &amp;most:</source>
        <translation>最多保留(&amp;M)：</translation>
    </message>
    <message>
        <source>The oldest messages are removed beyond this number</source>
        <translation>超过这个数量时删除最早的消息</translation>
    </message>
    <message>
        <source> messages</source>
        <translation> 条消息</translation>
    </message>
    <message>
        <source>&amp;Language of this window:</source>
        <translation>窗口语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Takes effect the next time the server window opens</source>
        <translation>下次打开服务器窗口时生效</translation>
    </message>
    <message>
        <source>The server is running: changes apply the next time it starts.</source>
        <translation>服务器正在运行：更改将在下次启动时生效。</translation>
    </message>
    <message>
        <source>Changes apply when the server starts.</source>
        <translation>更改将在服务器启动时生效。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>History and bans are kept in %1</source>
        <translation>历史记录和封禁名单保存在 %1</translation>
    </message>
    <message>
        <source>Settings not valid</source>
        <translation>设置无效</translation>
    </message>
    <message>
        <source>&amp;Count arrivals above:</source>
        <translation>超过此人数时只计数进出(&amp;C)：</translation>
    </message>
    <message>
        <source>In a room of more people than this, who comes and goes is counted every few seconds instead of told one by one</source>
        <translation>聊天室人数超过这个数时，每隔几秒统计一次进出的人数，而不是逐一通知</translation>
    </message>
    <message>
        <source>never: always one by one</source>
        <translation>从不：总是逐一通知</translation>
    </message>
    <message>
        <source> people</source>
        <translation> 人</translation>
    </message>
    <message>
        <source>New &amp;rooms are made by:</source>
        <translation>谁可以新建聊天室(&amp;R)：</translation>
    </message>
    <message>
        <source>Who may make a room by joining one that does not exist</source>
        <translation>谁可以通过加入一个还不存在的聊天室来创建它</translation>
    </message>
    <message>
        <source>anyone who joins one</source>
        <translation>任何加入它的人</translation>
    </message>
    <message>
        <source>the operator only (Rooms tab)</source>
        <translation>仅限管理员（“聊天室”标签页）</translation>
    </message>
    <message>
        <source>Rooms on the server, the default room included</source>
        <translation>服务器上的聊天室数量，包括默认聊天室</translation>
    </message>
    <message>
        <source>Mo&amp;st rooms:</source>
        <translation>聊天室上限(&amp;S)：</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Re&amp;quire encryption from other computers (nc and telnet are turned away; openssl s_client works)</source>
        <translation>要求其他电脑加密连接(&amp;Q)（nc 和 telnet 会被拒绝；openssl s_client 可用）</translation>
    </message>
    <message>
        <source>And from &amp;this computer too</source>
        <translation>本机也要求(&amp;T)</translation>
    </message>
    <message>
        <source>Wrong pass&amp;words allowed:</source>
        <translation>允许的错误密码次数(&amp;W)：</translation>
    </message>
    <message>
        <source>Wrong passwords one address may give within two minutes; then it is refused for a while, even with the right one</source>
        <translation>一个地址在两分钟内可输错密码的次数；超过后该地址会被拒绝一段时间，即使密码正确</translation>
    </message>
    <message>
        <source> in 2 minutes</source>
        <translation> 次（2 分钟内）</translation>
    </message>
    <message>
        <source>Then &amp;refuse the address for:</source>
        <translation>然后拒绝该地址(&amp;R)：</translation>
    </message>
    <message>
        <source>How long an address that gave too many wrong passwords is refused</source>
        <translation>输错密码次数过多的地址被拒绝多久</translation>
    </message>
    <message>
        <source>not at all</source>
        <translation>不拒绝</translation>
    </message>
    <message>
        <source> seconds</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>New co&amp;nnections from one address:</source>
        <translation>一个地址的新连接数(&amp;N)：</translation>
    </message>
    <message>
        <source>More new connections than this from one address within 10 seconds get it refused for 10 seconds (this computer&apos;s own are not counted)</source>
        <translation>一个地址在 10 秒内的新连接超过此数，就会被拒绝 10 秒（本机的连接不计）</translation>
    </message>
    <message>
        <source> in 10 seconds</source>
        <translation> 个（10 秒内）</translation>
    </message>
    <message>
        <source>TLS certi&amp;ficate:</source>
        <translation>TLS 证书(&amp;F)：</translation>
    </message>
    <message>
        <source>A certificate (PEM, with its chain) to use instead of the one the server made for itself</source>
        <translation>用来代替服务器自己生成的证书（PEM，连同证书链）</translation>
    </message>
    <message>
        <source>its own, made at the first start</source>
        <translation>它自己的，首次启动时生成</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Certificate&apos;s &amp;key:</source>
        <translation>证书私钥(&amp;K)：</translation>
    </message>
    <message>
        <source>The certificate&apos;s private key (PEM, without a passphrase)</source>
        <translation>证书的私钥（PEM，无密码保护）</translation>
    </message>
    <message>
        <source>with the certificate</source>
        <translation>与证书配套</translation>
    </message>
    <message>
        <source>The TLS Certificate (PEM)</source>
        <translation>TLS 证书（PEM）</translation>
    </message>
    <message>
        <source>The Certificate&apos;s Key (PEM)</source>
        <translation>证书私钥（PEM）</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>A TLS certificate needs its key, and a key its certificate: choose both, or neither for the server&apos;s own.</source>
        <translation>TLS 证书需要它的私钥，私钥也需要它的证书：两个都选，或都不选以使用服务器自己的证书。</translation>
    </message>
    <message>
        <source>Certificate not usable</source>
        <translation>证书无法使用</translation>
    </message>
    <message>
        <source>The server cannot use this certificate: %1</source>
        <translation>服务器无法使用此证书：%1</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>&amp;Announce the server on the local network</source>
        <translation>在局域网上宣告此服务器(&amp;A)</translation>
    </message>
    <message>
        <source>qtchat on other computers of this network lists it in its Connect dialog (DNS-SD over multicast DNS, _qtchat._tcp)</source>
        <translation>此网络中其他电脑上的 qtchat 会在“连接”对话框中列出它（基于组播 DNS 的 DNS-SD，_qtchat._tcp）</translation>
    </message>
    <message>
        <source>Announced &amp;name:</source>
        <translation>宣告的名称(&amp;N)：</translation>
    </message>
    <message>
        <source>The name people see in the list of servers (at most 63 bytes)</source>
        <translation>大家在服务器列表中看到的名称（最多 63 字节）</translation>
    </message>
    <message>
        <source>Take &amp;IRC clients on port:</source>
        <translation>接受 &amp;IRC 客户端，端口：</translation>
    </message>
    <message>
        <source>irssi, WeeChat, HexChat and other IRC programs join the rooms as channels on a port of their own (plain or TLS)</source>
        <translation>irssi、WeeChat、HexChat 等 IRC 程序通过单独的端口（明文或 TLS）把房间当作频道加入</translation>
    </message>
    <message>
        <source>6667 is IRC&apos;s usual port; it must differ from the chat port</source>
        <translation>6667 是 IRC 的常用端口；它必须与聊天端口不同</translation>
    </message>
</context>
<context>
    <name>ServerWindow</name>
    <message>
        <source>qtchat server</source>
        <translation>qtchat 服务器</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>The address of this computer to listen on. &quot;any&quot; listens on all of them.</source>
        <translation>本机用于监听的地址。“any”表示监听本机所有地址。</translation>
    </message>
    <message>
        <source>Address to listen on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>The TCP port people connect to (5555 unless you have a reason). 0 picks a free one.</source>
        <translation>大家连接用的 TCP 端口（没有特别原因就用 5555）。0 表示自动选择空闲端口。</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Connections</source>
        <translation>连接列表(&amp;C)</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接列表</translation>
    </message>
    <message>
        <source>&amp;Kick…</source>
        <translation>踢出(&amp;K)…</translation>
    </message>
    <message>
        <source>Disconnect the selected person (they may come back)</source>
        <translation>断开所选成员的连接（对方可以重新加入）</translation>
    </message>
    <message>
        <source>&amp;Ban address…</source>
        <translation>封禁地址(&amp;B)…</translation>
    </message>
    <message>
        <source>Disconnect the selected person and refuse their address from now on</source>
        <translation>断开所选成员，并从此拒绝其地址的连接</translation>
    </message>
    <message>
        <source>Send &amp;notice…</source>
        <translation>发送公告(&amp;N)…</translation>
    </message>
    <message>
        <source>Tell everyone in the room something, as the server</source>
        <translation>以服务器的名义向聊天室里的所有人发布消息</translation>
    </message>
    <message>
        <source>B&amp;ans</source>
        <translation>封禁名单(&amp;A)</translation>
    </message>
    <message>
        <source>Connections from these addresses are refused. Bans are kept when the server stops.</source>
        <translation>来自这些地址的连接会被拒绝。服务器停止后封禁依然保留。</translation>
    </message>
    <message>
        <source>Banned addresses</source>
        <translation>被封禁的地址</translation>
    </message>
    <message>
        <source>Add &amp;ban…</source>
        <translation>添加封禁(&amp;B)…</translation>
    </message>
    <message>
        <source>Refuse an address or a subnet, such as 10.0.0.0/8</source>
        <translation>拒绝某个地址或网段，例如 10.0.0.0/8</translation>
    </message>
    <message>
        <source>&amp;Unban</source>
        <translation>解除封禁(&amp;U)</translation>
    </message>
    <message>
        <source>Lift the selected ban</source>
        <translation>解除所选的封禁</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Server log</source>
        <translation>服务器日志</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清空(&amp;L)</translation>
    </message>
    <message>
        <source>Sa&amp;ve log…</source>
        <translation>保存日志(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <source>Save &amp;log…</source>
        <translation>保存日志(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About qtchat server</source>
        <translation>关于 qtchat 服务器(&amp;A)</translation>
    </message>
    <message>
        <source>all interfaces</source>
        <translation>所有网络接口</translation>
    </message>
    <message>
        <source>all IPv4 interfaces</source>
        <translation>所有 IPv4 接口</translation>
    </message>
    <message>
        <source>all IPv6 interfaces</source>
        <translation>所有 IPv6 接口</translation>
    </message>
    <message>
        <source>1 person connected</source>
        <translation>1 人在线</translation>
    </message>
    <message>
        <source>%1 people connected</source>
        <translation>%1 人在线</translation>
    </message>
    <message>
        <source>The address used last time, %1, is not an address of this computer now; “any” is chosen instead.</source>
        <translation>上次使用的地址 %1 已不是本机地址，已改为“any”。</translation>
    </message>
    <message>
        <source>Stop the server?</source>
        <translation>停止服务器？</translation>
    </message>
    <message>
        <source>%1 will be disconnected.</source>
        <translation>当前%1，停止服务器会断开所有连接。</translation>
    </message>
    <message>
        <source>any (all of this computer&apos;s addresses)</source>
        <translation>any（本机所有地址）</translation>
    </message>
    <message>
        <source>this computer only</source>
        <translation>仅限本机</translation>
    </message>
    <message>
        <source>your network</source>
        <translation>局域网</translation>
    </message>
    <message>
        <source>network or internet</source>
        <translation>局域网或互联网</translation>
    </message>
    <message>
        <source>Choose an address to listen on, or “any” for all of them.</source>
        <translation>请选择一个监听地址，或选择“any”监听所有地址。</translation>
    </message>
    <message>
        <source>“%1” is not an IP address. Type one such as 192.168.1.10, or choose one from the list.</source>
        <translation>“%1”不是 IP 地址。请输入类似 192.168.1.10 的地址，或从列表中选择。</translation>
    </message>
    <message>
        <source>The settings are not valid: %1 (Server &gt; Settings…)</source>
        <translation>设置无效：%1（服务器 &gt; 设置…）</translation>
    </message>
    <message>
        <source>%1, port %2</source>
        <translation>%1，端口 %2</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>无法在 %1 上监听：%2</translation>
    </message>
    <message>
        <source>Another program (perhaps another qtchat server) is using this port. Stop it, or choose another port.</source>
        <translation>另一个程序（可能是另一个 qtchat 服务器）正在使用这个端口。请关闭它，或换一个端口。</translation>
    </message>
    <message>
        <source>This is not an address of this computer. Choose one from the list, or “any” to listen on all of them.</source>
        <translation>这不是本机的地址。请从列表中选择，或选择“any”监听所有地址。</translation>
    </message>
    <message>
        <source>Ports below 1024 need administrator rights; choose a port above 1024, such as 5555.</source>
        <translation>1024 以下的端口需要管理员权限，请选择 1024 以上的端口，例如 5555。</translation>
    </message>
    <message>
        <source>The server is stopped. Choose the address and port, then press Start.</source>
        <translation>服务器已停止。选好地址和端口后，点击“启动”。</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Stopping: telling everyone and closing the connections…</source>
        <translation>正在停止：通知所有人并关闭连接…</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>Running on %1, port %2: %3.</source>
        <translation>正在 %1 上运行，端口 %2：%3。</translation>
    </message>
    <message>
        <source>Give others one of these addresses:</source>
        <translation>请把以下任一地址告诉其他人：</translation>
    </message>
    <message>
        <source>from this computer</source>
        <translation>从本机连接</translation>
    </message>
    <message>
        <source>from your network</source>
        <translation>从局域网连接</translation>
    </message>
    <message>
        <source>from your network or the internet</source>
        <translation>从局域网或互联网连接</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>复制 %1</translation>
    </message>
    <message>
        <source>Copy %1 to the clipboard</source>
        <translation>将 %1 复制到剪贴板</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>已复制 %1</translation>
    </message>
    <message>
        <source>Kick %1</source>
        <translation>踢出 %1</translation>
    </message>
    <message>
        <source>Disconnect %1? They may come back.
Reason (optional; %1 sees it):</source>
        <translation>要断开 %1 的连接吗？对方可以重新加入。
原因（可选，%1 会看到）：</translation>
    </message>
    <message>
        <source>Kicked %1</source>
        <translation>已踢出 %1</translation>
    </message>
    <message>
        <source>%1 has already left</source>
        <translation>%1 已经离开了</translation>
    </message>
    <message>
        <source>Disconnect %1 and refuse every connection from %2 from now on, also after the server restarts?</source>
        <translation>要断开 %1，并从此拒绝来自 %2 的所有连接吗？服务器重启后仍然有效。</translation>
    </message>
    <message>
        <source>%1 is this computer&apos;s own address: clients running here will be refused too.</source>
        <translation>%1 是本机自己的地址：在本机运行的客户端也会被拒绝。</translation>
    </message>
    <message>
        <source>Everyone else connecting from that address (the same computer, or the same network behind a router) is refused too.</source>
        <translation>从该地址连接的其他人（同一台电脑，或同一路由器后的网络）也会被拒绝。</translation>
    </message>
    <message>
        <source>You can lift the ban in the Bans tab.</source>
        <translation>你可以在“封禁名单”标签页中解除封禁。</translation>
    </message>
    <message>
        <source>Ban %1?</source>
        <translation>封禁 %1？</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>封禁</translation>
    </message>
    <message>
        <source>Cannot ban %1</source>
        <translation>无法封禁 %1</translation>
    </message>
    <message>
        <source>Banned %1</source>
        <translation>已封禁 %1</translation>
    </message>
    <message>
        <source>Send notice</source>
        <translation>发送公告</translation>
    </message>
    <message>
        <source>Tell everyone in the room:</source>
        <translation>告诉聊天室里的所有人：</translation>
    </message>
    <message>
        <source>Notice sent (%1)</source>
        <translation>公告已发送（%1）</translation>
    </message>
    <message>
        <source>%1  (from the command line or the config file)</source>
        <translation>%1  （来自命令行或配置文件）</translation>
    </message>
    <message>
        <source>Given with --ban or in the config file: it comes back at every start until it is removed there.</source>
        <translation>由 --ban 或配置文件指定：每次启动都会生效，除非从那里删除。</translation>
    </message>
    <message>
        <source>B&amp;ans (%1)</source>
        <translation>封禁名单（%1）(&amp;A)</translation>
    </message>
    <message>
        <source>Add ban</source>
        <translation>添加封禁</translation>
    </message>
    <message>
        <source>Address or subnet to refuse (such as 192.168.1.7 or 10.0.0.0/8):</source>
        <translation>要拒绝的地址或网段（例如 192.168.1.7 或 10.0.0.0/8）：</translation>
    </message>
    <message>
        <source>Cannot unban %1</source>
        <translation>无法解除对 %1 的封禁</translation>
    </message>
    <message>
        <source>This ban was given with --ban or in the config file; remove it there.</source>
        <translation>这条封禁来自 --ban 或配置文件，请在那里删除。</translation>
    </message>
    <message>
        <source>Unban %1?</source>
        <translation>解除对 %1 的封禁？</translation>
    </message>
    <message>
        <source>This ban was given with --ban or in the config file: it is lifted until the server restarts, and comes back then unless you remove it there.</source>
        <translation>这条封禁来自 --ban 或配置文件：现在解除只在服务器重启前有效，重启后会恢复，除非从那里删除。</translation>
    </message>
    <message>
        <source>%1 is not banned</source>
        <translation>%1 未被封禁</translation>
    </message>
    <message>
        <source>warning: </source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>error: </source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>Save log</source>
        <translation>保存日志</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot save the log</source>
        <translation>无法保存日志</translation>
    </message>
    <message>
        <source>Cannot save the log to %1: %2</source>
        <translation>无法将日志保存到 %1：%2</translation>
    </message>
    <message>
        <source>Log saved to %1</source>
        <translation>日志已保存到 %1</translation>
    </message>
    <message>
        <source>About qtchat server</source>
        <translation>关于 qtchat 服务器</translation>
    </message>
    <message>
        <source>qtchat server %1

A chat server for a team, a class or a LAN party. People connect with the qtchat client, or with nc or telnet.</source>
        <translation>qtchat 服务器 %1

为团队、班级或局域网聚会准备的聊天服务器。大家可以用 qtchat 客户端连接，也可以用 nc 或 telnet。</translation>
    </message>
    <message>
        <source>Stop the server and close?</source>
        <translation>停止服务器并关闭窗口？</translation>
    </message>
    <message>
        <source>This computer lets the server open only %1 files, too few for %2 people at once: some may be refused. Raise the limit (ulimit -n), or lower the most clients in Server &gt; Settings….</source>
        <translation>本机只允许服务器同时打开 %1 个文件，不足以容纳 %2 人同时在线：部分连接可能被拒绝。请提高上限（ulimit -n），或在“服务器 &gt; 设置…”中调低最大客户端数。</translation>
    </message>
    <message>
        <source>&amp;Rooms</source>
        <translation>聊天室(&amp;R)</translation>
    </message>
    <message>
        <source>Everyone starts in the default room; people can join the others. Rooms, their topics and messages are kept when the server stops.</source>
        <translation>每个人一开始都在默认聊天室里，也可以加入其他聊天室。服务器停止后，聊天室及其主题和消息都会保留。</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>聊天室</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>&amp;New room…</source>
        <translation>新建聊天室(&amp;N)…</translation>
    </message>
    <message>
        <source>Rena&amp;me…</source>
        <translation>改名(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Topic…</source>
        <translation>主题(&amp;T)…</translation>
    </message>
    <message>
        <source>Notice to the roo&amp;m…</source>
        <translation>向聊天室发公告(&amp;M)…</translation>
    </message>
    <message>
        <source>Take o&amp;ut of the room…</source>
        <translation>移出聊天室(&amp;U)…</translation>
    </message>
    <message>
        <source>The selected person leaves this room (not the server)</source>
        <translation>让选中的人离开这个聊天室（不会断开与服务器的连接）</translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation>%1（默认）</translation>
    </message>
    <message>
        <source>&amp;Rooms (%1)</source>
        <translation>聊天室（%1）(&amp;R)</translation>
    </message>
    <message>
        <source>New room</source>
        <translation>新建聊天室</translation>
    </message>
    <message>
        <source>Name of the room (# and up to 32 letters, digits or _ - .):</source>
        <translation>聊天室名称（# 开头，后接最多 32 个字母、数字或 _ - .）：</translation>
    </message>
    <message>
        <source>Cannot make %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Made %1</source>
        <translation>已创建 %1</translation>
    </message>
    <message>
        <source>Rename %1</source>
        <translation>给 %1 改名</translation>
    </message>
    <message>
        <source>New name of %1:</source>
        <translation>%1 的新名称：</translation>
    </message>
    <message>
        <source>Cannot rename %1</source>
        <translation>无法给 %1 改名</translation>
    </message>
    <message>
        <source>%1 is now %2</source>
        <translation>%1 已改名为 %2</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <source>Delete %1? Everyone in it leaves it, and its messages are forgotten.</source>
        <translation>删除 %1？其中的所有人都会离开，其中的消息也会被清除。</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Cannot delete %1</source>
        <translation>无法删除 %1</translation>
    </message>
    <message>
        <source>Deleted %1</source>
        <translation>已删除 %1</translation>
    </message>
    <message>
        <source>Topic of %1</source>
        <translation>%1 的主题</translation>
    </message>
    <message>
        <source>Topic of %1 (empty clears it):</source>
        <translation>%1 的主题（留空则清除）：</translation>
    </message>
    <message>
        <source>Cannot set the topic of %1</source>
        <translation>无法设置 %1 的主题</translation>
    </message>
    <message>
        <source>Topic of %1 set</source>
        <translation>已设置 %1 的主题</translation>
    </message>
    <message>
        <source>Notice to %1</source>
        <translation>向 %1 发公告</translation>
    </message>
    <message>
        <source>Tell everyone in %1:</source>
        <translation>告诉 %1 里的每个人：</translation>
    </message>
    <message>
        <source>Cannot send the notice</source>
        <translation>无法发送公告</translation>
    </message>
    <message>
        <source>Notice sent to %1</source>
        <translation>已向 %1 发送公告</translation>
    </message>
    <message>
        <source>Take %1 out of %2</source>
        <translation>将 %1 移出 %2</translation>
    </message>
    <message>
        <source>Reason (optional; %1 sees it):</source>
        <translation>原因（可选；%1 会看到）：</translation>
    </message>
    <message>
        <source>Cannot take %1 out of %2</source>
        <translation>无法将 %1 移出 %2</translation>
    </message>
    <message>
        <source>Took %1 out of %2</source>
        <translation>已将 %1 移出 %2</translation>
    </message>
    <message>
        <source>Encrypted connections (TLS) on the same port. Certificate fingerprint: %1</source>
        <translation>同一端口也接受加密连接（TLS）。证书指纹：%1</translation>
    </message>
    <message>
        <source>SHA-256: %1
People who connect with TLS can compare this with what their program shows, to be sure they reached this server.</source>
        <translation>SHA-256：%1
用 TLS 连接的人可以把它与自己程序显示的指纹对比，确认连上的正是这台服务器。</translation>
    </message>
    <message>
        <source>Copy the certificate fingerprint</source>
        <translation>复制证书指纹</translation>
    </message>
    <message>
        <source>Copy the whole SHA-256 fingerprint to the clipboard</source>
        <translation>把完整的 SHA-256 指纹复制到剪贴板</translation>
    </message>
    <message>
        <source>Copied the certificate fingerprint</source>
        <translation>已复制证书指纹</translation>
    </message>
    <message>
        <source>If other computers cannot connect: when Windows Defender Firewall asks, allow qtchat-server on private networks (or open TCP port %1 in its settings).</source>
        <translation>如果其他电脑连不上：当 Windows Defender 防火墙询问时，允许 qtchat-server 访问专用网络（或在其设置中开放 TCP 端口 %1）。</translation>
    </message>
    <message>
        <source>If other computers cannot connect: allow incoming connections for qtchat-server in System Settings &gt; Network &gt; Firewall (TCP port %1).</source>
        <translation>如果其他电脑连不上：请在“系统设置 &gt; 网络 &gt; 防火墙”中允许 qtchat-server 的传入连接（TCP 端口 %1）。</translation>
    </message>
    <message>
        <source>If other computers cannot connect, let TCP port %1 in through this computer&apos;s firewall (on Ubuntu: sudo ufw allow %1/tcp); finding the server needs UDP port 5353 (multicast DNS) too.</source>
        <translation>如果其他电脑连不上，请让本机防火墙放行 TCP 端口 %1（Ubuntu 上：sudo ufw allow %1/tcp）；要被找到还需要 UDP 端口 5353（组播 DNS）。</translation>
    </message>
    <message>
        <source>Not announced on the network (Settings &gt; Announce): people need one of the addresses above.</source>
        <translation>未在网络上宣告（设置 &gt; 宣告）：大家需要使用上面的某个地址。</translation>
    </message>
    <message>
        <source>Not announced on the network: %1. People need one of the addresses above.</source>
        <translation>未在网络上宣告：%1。大家需要使用上面的某个地址。</translation>
    </message>
    <message>
        <source>Announcing on the network as “%1”…</source>
        <translation>正在以“%1”的名称在网络上宣告…</translation>
    </message>
    <message>
        <source>Announced on the network as “%1” on %2: qtchat on other computers of this network lists it.</source>
        <translation>已以“%1”的名称在 %2 上宣告：此网络中其他电脑上的 qtchat 会列出它。</translation>
    </message>
    <message>
        <source>no interface yet</source>
        <translation>暂无网络接口</translation>
    </message>
    <message>
        <source>IRC clients connect to port %1.</source>
        <translation>IRC 客户端连接到端口 %1。</translation>
    </message>
</context>
<context>
    <name>TerminalClient</name>
    <message>
        <source>not sent (%1): %2</source>
        <translation>未发送（%1）：%2</translation>
    </message>
    <message>
        <source>connecting to %1 port %2 as %3…</source>
        <translation>正在连接 %1（端口 %2），昵称：%3…</translation>
    </message>
    <message>
        <source>connected as %1; type /help for the commands</source>
        <translation>已连接，昵称：%1；输入 /help 查看命令</translation>
    </message>
    <message>
        <source>%1 Trying again in %2 s.</source>
        <translation>%1 %2 秒后重试。</translation>
    </message>
    <message numerus="yes">
        <source>giving up for now: %n message(s) could not be sent; they are kept and sent the next time you connect to %1 port %2 as %3</source>
        <translation>
            <numerusform>暂时放弃：%n 条消息未能发送；它们会被保留，下次以 %3 的身份连接到 %1（端口 %2）时发送</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>giving up: %n message(s) could not be sent</source>
        <translation>
            <numerusform>放弃：%n 条消息未能发送</numerusform>
        </translation>
    </message>
    <message>
        <source>not sent: the message is %1 bytes, %2 more than the server takes in one message (%3): %4</source>
        <translation>未发送：消息有 %1 字节，比服务器单条消息的上限（%3）多 %2 字节：%4</translation>
    </message>
    <message>
        <source>%1 has no topic now</source>
        <translation>%1 现在没有主题</translation>
    </message>
    <message>
        <source>topic of %1: %2</source>
        <translation>%1 的主题：%2</translation>
    </message>
    <message>
        <source>topic of %1: %2 (set by %3)</source>
        <translation>%1 的主题：%2（由 %3 设置）</translation>
    </message>
    <message>
        <source>you left %1</source>
        <translation>你离开了 %1</translation>
    </message>
    <message>
        <source>you are no longer in %1: %2</source>
        <translation>你已不在 %1 中：%2</translation>
    </message>
    <message>
        <source>you are in no room now: /join #ROOM goes into one</source>
        <translation>你现在不在任何聊天室里：输入 /join #聊天室 进入一个</translation>
    </message>
    <message>
        <source>you are in %1 now: what you type goes there</source>
        <translation>你现在在 %1 中：输入的内容会发到这里</translation>
    </message>
    <message>
        <source>no answer: not connecting</source>
        <translation>没有回答：不连接</translation>
    </message>
    <message>
        <source>encrypted (%1); this computer sees the server&apos;s certificate for the first time: %2. If the server shows the same, nobody is in between.</source>
        <translation>已加密（%1）；本机第一次看到此服务器的证书：%2。如果服务器显示的相同，就没有人在中间。</translation>
    </message>
    <message>
        <source>encrypted (%1)</source>
        <translation>已加密（%1）</translation>
    </message>
    <message>
        <source>not encrypted: anyone on the network can read this chat</source>
        <translation>未加密：网络上的任何人都能读到这里的聊天</translation>
    </message>
    <message>
        <source>SHA-256 before: %1</source>
        <translation>SHA-256 以前：%1</translation>
    </message>
    <message>
        <source>SHA-256 now:    %1</source>
        <translation>SHA-256 现在：%1</translation>
    </message>
    <message>
        <source>trust the new certificate? Ask the server&apos;s operator which fingerprint it shows first.</source>
        <translation>信任新证书吗？请先向服务器管理员确认它显示的指纹。</translation>
    </message>
    <message>
        <source>connect without encryption? qtchat remembers the answer for this server.</source>
        <translation>不加密连接吗？qtchat 会为此服务器记住这个回答。</translation>
    </message>
    <message>
        <source>%1 yes (%2)</source>
        <translation>%1 是（%2）</translation>
    </message>
    <message>
        <source>%1 Type yes to go on, anything else not to connect.</source>
        <translation>%1 输入 yes（或“是”）继续，输入其他内容则不连接。</translation>
    </message>
    <message>
        <source>not connecting: no one is here to answer (%1 answers yes).</source>
        <translation>不连接：没有人在这里回答（%1 表示“是”）。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>not connecting</source>
        <translation>不连接</translation>
    </message>
</context>
<context>
    <name>UserListModel</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1（你）</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <source>a nickname cannot be empty</source>
        <translation>昵称不能为空</translation>
    </message>
    <message>
        <source>a nickname can be at most %1 characters long (this one has %2)</source>
        <translation>昵称最多 %1 个字符（这个有 %2 个）</translation>
    </message>
    <message>
        <source>a nickname can be at most %1 characters long</source>
        <translation>昵称最多 %1 个字符</translation>
    </message>
    <message>
        <source>a nickname cannot contain broken UTF-16</source>
        <translation>昵称中有损坏的 UTF-16 字符</translation>
    </message>
    <message>
        <source>a nickname cannot contain spaces</source>
        <translation>昵称不能包含空格</translation>
    </message>
    <message>
        <source>a nickname cannot contain control characters</source>
        <translation>昵称不能包含控制字符</translation>
    </message>
    <message>
        <source>a nickname can only contain letters, digits and _ - . [ ] { } |, not %1</source>
        <translation>昵称只能包含字母、数字和 _ - . [ ] { } |，不能包含 %1</translation>
    </message>
    <message>
        <source>the message is empty</source>
        <translation>消息是空的</translation>
    </message>
    <message>
        <source>the message is %1 bytes long; the limit is %2 bytes</source>
        <translation>消息长 %1 字节，上限是 %2 字节</translation>
    </message>
    <message>
        <source>the message contains a lone UTF-16 surrogate</source>
        <translation>消息中有不成对的 UTF-16 代理字符</translation>
    </message>
    <message>
        <source>the message contains the control character %1; only tab and newline are allowed</source>
        <translation>消息中含有控制字符 %1；只允许制表符和换行</translation>
    </message>
    <message>
        <source>a room needs a name after the #</source>
        <translation># 后面需要聊天室名称</translation>
    </message>
    <message>
        <source>a room name starts with #, as in #general</source>
        <translation>聊天室名称以 # 开头，例如 #general</translation>
    </message>
    <message>
        <source>a room name can be # and at most %1 characters</source>
        <translation>聊天室名称为 # 加最多 %1 个字符</translation>
    </message>
    <message>
        <source>a room name cannot contain broken UTF-16</source>
        <translation>聊天室名称不能包含损坏的 UTF-16</translation>
    </message>
    <message>
        <source>a room name can only contain letters, digits and _ - . after the #, not %1</source>
        <translation>聊天室名称在 # 后只能包含字母、数字和 _ - .，不能包含 %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>qtchat server</source>
        <translation>qtchat 服务器</translation>
    </message>
</context>
</TS>
