<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApiError</name>
    <message>
        <source>The API key was rejected (%1). Open Settings to enter a valid key.</source>
        <translation>API 密钥被拒绝（%1）。请打开“设置”输入有效的密钥。</translation>
    </message>
    <message>
        <source>The server does not know this model or address (404). Check the base URL and the model in Settings.</source>
        <translation>服务器无法识别此模型或地址（404）。请在“设置”中检查基础 URL 和模型。</translation>
    </message>
    <message>
        <source>The conversation is too long for this model. Start a new chat or choose a model with a larger context.</source>
        <translation>对话内容超出了此模型的长度上限。请开始新对话，或选择上下文更长的模型。</translation>
    </message>
    <message>
        <source>The account has no credit left. Check your plan and billing with the provider.</source>
        <translation>账户余额已用完。请向服务商确认你的套餐和账单。</translation>
    </message>
    <message>
        <source>The server is limiting requests (429). Wait a moment and try again.</source>
        <translation>服务器正在限制请求频率（429）。请稍候再试。</translation>
    </message>
    <message>
        <source>The server refused the request (%1).</source>
        <translation>服务器拒绝了请求（%1）。</translation>
    </message>
    <message>
        <source>The server had a problem (%1). Try again in a moment.</source>
        <translation>服务器出现问题（%1）。请稍后再试。</translation>
    </message>
    <message>
        <source>Could not reach the server. Check your connection and the base URL in Settings.</source>
        <translation>无法连接到服务器。请检查网络连接以及“设置”中的基础 URL。</translation>
    </message>
    <message>
        <source>Could not find the server: its name does not resolve. Check the base URL in Settings and your internet connection.</source>
        <translation>找不到服务器：无法解析其域名。请检查“设置”中的基础 URL 和网络连接。</translation>
    </message>
    <message>
        <source>The server refused the connection: nothing answers at that address and port. If it is a local server (Ollama, llama.cpp, LM Studio), start it; otherwise check the base URL in Settings.</source>
        <translation>服务器拒绝了连接：该地址和端口上没有服务响应。如果是本地服务器（Ollama、llama.cpp、LM Studio），请先启动它；否则请检查“设置”中的基础 URL。</translation>
    </message>
    <message>
        <source>Could not connect to the server in time. Check your connection, the base URL and the proxy in Settings, or raise the connect timeout there.</source>
        <translation>未能及时连接到服务器。请检查网络连接，以及“设置”中的基础 URL 和代理，或在那里调高连接超时。</translation>
    </message>
    <message>
        <source>Could not connect through the proxy. Check the proxy in Settings (Network), or choose “No proxy” if you do not need one.</source>
        <translation>无法通过代理连接。请检查“设置”（网络）中的代理；如果不需要代理，请选择“不使用代理”。</translation>
    </message>
    <message>
        <source>The proxy asks for a user name and password, or rejected them (407). Enter them in Settings (Network).</source>
        <translation>代理要求提供用户名和密码，或拒绝了所提供的凭据（407）。请在“设置”（网络）中填写。</translation>
    </message>
    <message>
        <source>Your API key was not sent: the base URL uses plain http:// to a host that is not this computer, so anyone on the way could read the key. Use https://, or confirm in Settings that you accept the risk for this address.</source>
        <translation>未发送你的 API 密钥：基础 URL 使用未加密的 http:// 连接到另一台计算机，传输途中的任何人都可能读取密钥。请改用 https://，或在“设置”中确认你接受此地址的风险。</translation>
    </message>
    <message>
        <source>The secure connection failed: the server&apos;s certificate could not be verified, so nothing was sent. Check the base URL and the system clock; behind a proxy that inspects traffic, its certificate must be installed on this computer.</source>
        <translation>安全连接失败：无法验证服务器的证书，因此没有发送任何内容。请检查基础 URL 和系统时间；如果你位于会检查流量的代理之后，需要在本机安装该代理的证书。</translation>
    </message>
    <message>
        <source>The server sent nothing for longer than the idle timeout, so Confab stopped waiting. Slow reasoning models may need a longer idle timeout in Settings.</source>
        <translation>服务器在超过空闲超时的时间内没有发送任何内容，Confab 已停止等待。推理较慢的模型可能需要在“设置”中调长空闲超时。</translation>
    </message>
    <message>
        <source>The server sent a response Confab does not understand. Check the base URL in Settings: it should point at an OpenAI-compatible API.</source>
        <translation>服务器返回了 Confab 无法理解的响应。请检查“设置”中的基础 URL：它应指向兼容 OpenAI 的 API。</translation>
    </message>
    <message>
        <source>The connection closed before the reply was complete. Everything received is kept.</source>
        <translation>回复尚未完成时连接已关闭。已收到的内容均已保留。</translation>
    </message>
    <message>
        <source>The server reported an error during the reply.</source>
        <translation>服务器在回复过程中报告了错误。</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <source>the server sent a web page instead of an API response</source>
        <translation>服务器返回的是网页，而不是 API 响应</translation>
    </message>
</context>
<context>
    <name>BpeVocabulary</name>
    <message>
        <source>The tokenizer vocabulary is damaged (%1).</source>
        <translation>分词器词表已损坏（%1）。</translation>
    </message>
</context>
<context>
    <name>BudgetCheck</name>
    <message>
        <source>Budget reached</source>
        <translation>已达预算</translation>
    </message>
    <message>
        <source>Send anyway?</source>
        <translation>仍要发送吗？</translation>
    </message>
</context>
<context>
    <name>ChatActions</name>
    <message>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Regenerate Reply</source>
        <translation>重新生成回复(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;ontinue Generation</source>
        <translation>继续生成(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Edit Last Message</source>
        <translation>编辑上一条消息(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy Last Reply</source>
        <translation>复制上一条回复(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Jump to Latest</source>
        <translation>跳到最新(&amp;J)</translation>
    </message>
    <message>
        <source>Editing your message: Enter sends it again and replaces the replies after it. Esc gives it up.</source>
        <translation>正在编辑你的消息：按 Enter 重新发送，并替换其后的回复；按 Esc 放弃编辑。</translation>
    </message>
    <message>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <source>Editing</source>
        <translation>正在编辑</translation>
    </message>
    <message>
        <source>There is no conversation to send to.</source>
        <translation>没有可发送的对话。</translation>
    </message>
    <message>
        <source>Wait for the reply to finish, or stop it, before editing.</source>
        <translation>请等回复完成或先停止它，再进行编辑。</translation>
    </message>
</context>
<context>
    <name>ChatClient</name>
    <message>
        <source>The server could not be reached: %1</source>
        <translation>无法连接到服务器：%1</translation>
    </message>
    <message>
        <source>The server answered, but listed no models.</source>
        <translation>服务器已响应，但没有列出任何模型。</translation>
    </message>
</context>
<context>
    <name>ChatHeader</name>
    <message>
        <source>Model for this conversation</source>
        <translation>此对话的模型</translation>
    </message>
    <message>
        <source>The model this conversation uses; the first entry follows Settings</source>
        <translation>此对话使用的模型；第一项跟随设置</translation>
    </message>
    <message>
        <source>System prompt…</source>
        <translation>系统提示词…</translation>
    </message>
    <message>
        <source>System prompt for this conversation</source>
        <translation>此对话的系统提示词</translation>
    </message>
    <message>
        <source>Instructions for this conversation only</source>
        <translation>仅用于此对话的指令</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>默认（%1）</translation>
    </message>
    <message>
        <source>System prompt ✓</source>
        <translation>系统提示词 ✓</translation>
    </message>
    <message>
        <source>System Prompt for This Conversation</source>
        <translation>此对话的系统提示词</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Empty: the default from Settings: %1</source>
        <translation>留空：使用设置中的默认值：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Sent at the start of this conversation instead of the default system prompt.</source>
        <translation>在此对话开头发送，代替默认的系统提示词。</translation>
    </message>
</context>
<context>
    <name>ChatSession</name>
    <message numerus="yes">
        <source>%n earlier message(s) not sent: the conversation is longer than %1 can take (%2 tokens, less %3 kept for the reply).</source>
        <translation>
            <numerusform>有 %n 条较早的消息未发送：对话长度超出了 %1 的上限（%2 个 Token，需减去为回复预留的 %3 个）。</numerusform>
        </translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>消息为空。</translation>
    </message>
    <message>
        <source>Wait for the reply to finish, or stop it, before sending.</source>
        <translation>请等待回复完成或将其停止后再发送。</translation>
    </message>
    <message>
        <source>The API key could not be read from the system keychain. %1</source>
        <translation>无法从系统密钥环读取 API 密钥。%1</translation>
    </message>
    <message>
        <source>Only the last reply can be continued, once it has stopped early.</source>
        <translation>只有最后一条提前结束的回复才能继续生成。</translation>
    </message>
    <message>
        <source>Wait for the reply to finish, or stop it, first.</source>
        <translation>请先等待回复完成，或将其停止。</translation>
    </message>
    <message>
        <source>There is no reply to regenerate.</source>
        <translation>没有可重新生成的回复。</translation>
    </message>
    <message>
        <source>Only your own messages can be edited.</source>
        <translation>只能编辑你自己的消息。</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Jump to latest ↓</source>
        <translation>跳到最新 ↓</translation>
    </message>
    <message>
        <source>Jump to latest</source>
        <translation>跳到最新</translation>
    </message>
    <message>
        <source>Scroll to the newest message (Ctrl+End)</source>
        <translation>滚动到最新消息（Ctrl+End）</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy &amp;Message</source>
        <translation>复制消息(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Open Link</source>
        <translation>打开链接(&amp;O)</translation>
    </message>
    <message>
        <source>Copy &amp;Link Address</source>
        <translation>复制链接地址(&amp;L)</translation>
    </message>
    <message>
        <source>Copy Code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>Block %1</source>
        <translation>代码块 %1</translation>
    </message>
    <message>
        <source>Block %1 (%2)</source>
        <translation>代码块 %1（%2）</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Edit and Resend</source>
        <translation>编辑并重新发送(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>重新生成(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;ontinue Generation</source>
        <translation>继续生成(&amp;O)</translation>
    </message>
</context>
<context>
    <name>CompletionStream</name>
    <message>
        <source>invalid JSON in the stream: %1</source>
        <translation>数据流中的 JSON 无效：%1</translation>
    </message>
    <message>
        <source>the body is not valid JSON although the server said it was: %1</source>
        <translation>服务器声明内容为 JSON，但实际内容不是有效的 JSON：%1</translation>
    </message>
    <message>
        <source>no connection within %1 s</source>
        <translation>%1 秒内未能建立连接</translation>
    </message>
    <message>
        <source>nothing arrived for %1 s</source>
        <translation>%1 秒内没有收到任何数据</translation>
    </message>
    <message>
        <source>a web page (Content-Type: %1) came instead of an API response; a proxy, a network login page or a wrong base URL may be in the way</source>
        <translation>收到的是网页（Content-Type：%1），而不是 API 响应；可能是代理、网络登录页面或错误的基础 URL 所致</translation>
    </message>
    <message>
        <source>Content-Type %1 instead of text/event-stream: %2</source>
        <translation>Content-Type 为 %1，而不是 text/event-stream：%2</translation>
    </message>
    <message>
        <source>proxy %1: %2</source>
        <translation>代理 %1：%2</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Type a message. Enter sends, Shift+Enter adds a line.</source>
        <translation>输入消息。按 Enter 发送，按 Shift+Enter 换行。</translation>
    </message>
</context>
<context>
    <name>ConversationExporter</name>
    <message>
        <source>Unknown export format.</source>
        <translation>未知的导出格式。</translation>
    </message>
    <message>
        <source>Cannot export to %1: it is a file, not a folder.</source>
        <translation>无法导出到 %1：它是文件，而不是文件夹。</translation>
    </message>
    <message>
        <source>Cannot export to %1: the folder could not be created.</source>
        <translation>无法导出到 %1：无法创建该文件夹。</translation>
    </message>
    <message>
        <source>Cannot export to %1: the folder is not writable.</source>
        <translation>无法导出到 %1：该文件夹不可写。</translation>
    </message>
    <message>
        <source>Cannot export to %1: too many files with the same name.</source>
        <translation>无法导出到 %1：同名文件过多。</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>ConversationSidebar</name>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Open in New Window</source>
        <translation>在新窗口中打开</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <source>Bring the conversation back (Ctrl+Z)</source>
        <translation>恢复这个对话 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
</context>
<context>
    <name>ConversationStore</name>
    <message>
        <source>The conversation %1 does not exist.</source>
        <translation>对话 %1 不存在。</translation>
    </message>
    <message>
        <source>The message %1 does not exist.</source>
        <translation>消息 %1 不存在。</translation>
    </message>
</context>
<context>
    <name>SqliteDatabase</name>
    <message>
        <source>Could not create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Could not open the database %1: %2</source>
        <translation>无法打开数据库 %1：%2</translation>
    </message>
    <message>
        <source>There is no database schema %1; this version of Confab knows schemas up to %2.</source>
        <translation>不存在数据库架构 %1；此版本的 Confab 只支持到架构 %2。</translation>
    </message>
    <message>
        <source>The database %1 could not be read.</source>
        <translation>无法读取数据库 %1。</translation>
    </message>
    <message>
        <source>The database %1 was written by a newer version of Confab (schema %2; this version knows %3). Please update Confab.</source>
        <translation>数据库 %1 由更新版本的 Confab 写入（架构 %2；此版本只支持到 %3）。请更新 Confab。</translation>
    </message>
    <message>
        <source>Upgrading the database to schema %1 failed: %2</source>
        <translation>将数据库升级到架构 %1 失败：%2</translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>数据库未打开。</translation>
    </message>
    <message>
        <source>Another file now stands at %1; Confab will not replace it.</source>
        <translation>%1 处现在有另一个文件；Confab 不会替换它。</translation>
    </message>
    <message>
        <source>Could not move %1 to %2.</source>
        <translation>无法将 %1 移动到 %2。</translation>
    </message>
</context>
<context>
    <name>DatabaseRecovery</name>
    <message>
        <source>The damaged database %1 could not be moved aside.</source>
        <translation>无法将已损坏的数据库 %1 移到一旁。</translation>
    </message>
    <message>
        <source>Your conversation database was damaged. It has been kept as %1 and Confab started with a new, empty one.</source>
        <translation>你的对话数据库已损坏。它已另存为 %1，Confab 已使用一个新的空数据库启动。</translation>
    </message>
    <message>
        <source>The database %1 could not be checked (%2). It was left as it is; if another program is using it, close that program.</source>
        <translation>无法检查数据库 %1（%2）。它已保持原样；如果有其他程序正在使用它，请先关闭该程序。</translation>
    </message>
</context>
<context>
    <name>ExportCommand</name>
    <message>
        <source>Export conversations to Markdown files in &lt;folder&gt; (one file each) and quit, without opening a window.</source>
        <translation>将对话导出为 &lt;文件夹&gt; 中的 Markdown 文件（每个对话一个文件）后退出，不打开窗口。</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Export conversations to JSON files (every stored field) in &lt;folder&gt; and quit, without opening a window.</source>
        <translation>将对话导出为 &lt;文件夹&gt; 中的 JSON 文件（包含所有已存储的字段）后退出，不打开窗口。</translation>
    </message>
    <message>
        <source>With --export-markdown or --export-json: export only the conversation with this id.</source>
        <translation>与 --export-markdown 或 --export-json 一起使用：只导出具有此 ID 的对话。</translation>
    </message>
    <message>
        <source>id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Exports Confab conversations to files.</source>
        <translation>将 Confab 对话导出为文件。</translation>
    </message>
    <message>
        <source>Run confab --help to see the options.</source>
        <translation>运行 confab --help 查看可用选项。</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>意外的参数：%1</translation>
    </message>
    <message>
        <source>--%1 needs a folder to write to.</source>
        <translation>--%1 需要一个用于写入的文件夹。</translation>
    </message>
    <message>
        <source>Nothing to do: give --export-markdown or --export-json a folder.</source>
        <translation>没有要执行的操作：请为 --export-markdown 或 --export-json 指定一个文件夹。</translation>
    </message>
    <message>
        <source>--conversation needs the id of a conversation (a whole number), not &quot;%1&quot;.</source>
        <translation>--conversation 需要对话的 ID（一个整数），而不是“%1”。</translation>
    </message>
    <message>
        <source>There is no Confab database at %1, so there is nothing to export. (Confab keeps it in $XDG_DATA_HOME/confab/.)</source>
        <translation>%1 处没有 Confab 数据库，因此没有可导出的内容。（Confab 将数据库保存在 $XDG_DATA_HOME/confab/ 中。）</translation>
    </message>
    <message>
        <source>The Confab database at %1 cannot be read.</source>
        <translation>无法读取位于 %1 的 Confab 数据库。</translation>
    </message>
    <message>
        <source>The Confab database at %1 cannot be read: %2</source>
        <translation>无法读取位于 %1 的 Confab 数据库：%2</translation>
    </message>
    <message>
        <source>confab: there are no conversations to export.</source>
        <translation>confab：没有可导出的对话。</translation>
    </message>
</context>
<context>
    <name>ExportFileName</name>
    <message>
        <source>conversation</source>
        <translation>对话</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>No system keychain could be reached (%1). Start a Secret Service such as GNOME Keyring or KWallet to save the key; until then it can be used for this session only.</source>
        <translation>无法连接到系统密钥环（%1）。请启动 GNOME 密钥环或 KWallet 等 Secret Service 服务来保存密钥；在此之前，密钥只能在本次会话中使用。</translation>
    </message>
    <message>
        <source>The system keychain refused access (%1). Unlock it and try again.</source>
        <translation>系统密钥环拒绝了访问（%1）。请将其解锁后重试。</translation>
    </message>
    <message>
        <source>The system keychain reported an error: %1</source>
        <translation>系统密钥环报告了错误：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Models and Prices…</source>
        <translation>模型与价格(&amp;M)…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Confab</source>
        <translation>Confab</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>The conversation could not be opened: %1</source>
        <translation>无法打开对话：%1</translation>
    </message>
    <message>
        <source>&amp;Export Conversation…</source>
        <translation>导出对话(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;All Conversations…</source>
        <translation>导出全部对话(&amp;A)…</translation>
    </message>
    <message>
        <source>This chat is empty, so there is nothing to export yet.</source>
        <translation>此对话为空，暂时没有可导出的内容。</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown（*.md）</translation>
    </message>
    <message>
        <source>JSON, every stored field (*.json)</source>
        <translation>JSON，包含所有已存储的字段（*.json）</translation>
    </message>
    <message>
        <source>Export Conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <source>The conversation could not be exported: %1</source>
        <translation>无法导出对话：%1</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Export All Conversations to a Folder</source>
        <translation>将全部对话导出到文件夹</translation>
    </message>
    <message>
        <source>The conversations could not be exported: %1</source>
        <translation>无法导出这些对话：%1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n conversation(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个对话导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>New &amp;Window</source>
        <translation>新建窗口(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Rename Conversation</source>
        <translation>重命名对话(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Show &amp;Conversations</source>
        <translation>显示对话列表(&amp;C)</translation>
    </message>
</context>
<context>
    <name>MarkdownExporter</name>
    <message>
        <source>Untitled conversation</source>
        <translation>未命名对话</translation>
    </message>
    <message>
        <source>Reasoning</source>
        <translation>推理过程</translation>
    </message>
    <message>
        <source>**Incomplete:** this reply was still arriving when it was exported.</source>
        <translation>**未完成：**导出时此回复仍在接收中。</translation>
    </message>
    <message>
        <source>**Stopped:** the reply was stopped before it was complete.</source>
        <translation>**已停止：**回复在完成前被停止。</translation>
    </message>
    <message>
        <source>**Interrupted:** the connection closed before the reply was complete.</source>
        <translation>**已中断：**回复完成前连接已关闭。</translation>
    </message>
    <message>
        <source>**Truncated:** the reply reached the model&apos;s length limit.</source>
        <translation>**已截断：**回复达到了模型的长度上限。</translation>
    </message>
    <message>
        <source>**Failed:** the reply ended with an error.</source>
        <translation>**失败：**回复因错误而结束。</translation>
    </message>
    <message>
        <source>**Filtered:** the server&apos;s content filter ended the reply.</source>
        <translation>**已过滤：**服务器的内容过滤器中止了回复。</translation>
    </message>
    <message>
        <source>**Error:** %1</source>
        <translation>**错误：**%1</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
</context>
<context>
    <name>MessageActionBar</name>
    <message>
        <source>Continue generation</source>
        <translation>继续生成</translation>
    </message>
    <message>
        <source>Ask the model to carry on where this reply ended</source>
        <translation>让模型从这条回复结束的地方接着写</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit this message and send it again</source>
        <translation>编辑这条消息并重新发送</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Ask for a new reply (Ctrl+R)</source>
        <translation>请求新的回复（Ctrl+R）</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the whole message as Markdown</source>
        <translation>以 Markdown 格式复制整条消息</translation>
    </message>
</context>
<context>
    <name>MessageContextMenu</name>
    <message>
        <source>Hide Rea&amp;soning</source>
        <translation>隐藏推理过程(&amp;S)</translation>
    </message>
    <message>
        <source>Show Rea&amp;soning</source>
        <translation>显示推理过程(&amp;S)</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>Thinking… (%1 characters)</source>
        <translation>正在思考…（%1 个字符）</translation>
    </message>
    <message>
        <source>Reasoning (%1 characters)</source>
        <translation>推理过程（%1 个字符）</translation>
    </message>
</context>
<context>
    <name>MessageLayout</name>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
</context>
<context>
    <name>MessageWords</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在输入…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Cut off at the length limit</source>
        <translation>已在长度上限处截断</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Stopped by the content filter</source>
        <translation>已被内容过滤器中止</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>ModelTablesDialog</name>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Daily budget</source>
        <translation>每日预算</translation>
    </message>
    <message>
        <source>Monthly budget</source>
        <translation>每月预算</translation>
    </message>
    <message>
        <source>Daily budget:</source>
        <translation>每日预算：</translation>
    </message>
    <message>
        <source>Monthly budget:</source>
        <translation>每月预算：</translation>
    </message>
    <message>
        <source>Spent today: $%1. This month: $%2. Once a budget is reached, sending asks first.</source>
        <translation>今日已花费：$%1。本月：$%2。达到预算后，发送前会先询问。</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>A row applies to the model of that name and to its variants after a dash (gpt-4o also covers gpt-4o-mini, unless gpt-4o-mini has a row of its own). When a conversation does not fit, the oldest messages are left out of the request.</source>
        <translation>每一行适用于同名的模型及其以短横线连接的变体（gpt-4o 也涵盖 gpt-4o-mini，除非 gpt-4o-mini 有自己的一行）。对话超出上限时，请求中会略去最早的消息。</translation>
    </message>
    <message>
        <source>Add Model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Context Windows</source>
        <translation>上下文窗口</translation>
    </message>
    <message>
        <source>Context window (tokens)</source>
        <translation>上下文窗口（Token）</translation>
    </message>
    <message>
        <source>Context windows</source>
        <translation>上下文窗口</translation>
    </message>
    <message>
        <source>Input, $ per 1M tokens</source>
        <translation>输入（每百万 Token 美元）</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Models: Context Windows and Prices</source>
        <translation>模型：上下文窗口与价格</translation>
    </message>
    <message>
        <source>Output, $ per 1M tokens</source>
        <translation>输出（每百万 Token 美元）</translation>
    </message>
    <message>
        <source>Prices</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Remove Model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Tokens kept for the reply</source>
        <translation>为回复保留的 Token</translation>
    </message>
    <message>
        <source>Tokens kept for the reply:</source>
        <translation>为回复保留的 Token：</translation>
    </message>
</context>
<context>
    <name>NetworkSettingsWidget</name>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>How long to wait for a connection to the server.</source>
        <translation>等待与服务器建立连接的最长时间。</translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <source>How long a reply may stay silent before Confab gives up on it. Reasoning models can think for minutes before they answer. A reply may take as long as it likes in total.</source>
        <translation>回复可以保持无输出多长时间，超过后 Confab 将放弃等待。推理模型可能会思考几分钟才开始回答。回复的总时长不受限制。</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>重试次数</translation>
    </message>
    <message>
        <source>How often a request that failed before any answer arrived (server busy, rate limited, no connection) is sent again.</source>
        <translation>在收到任何回答之前就失败的请求（服务器繁忙、被限流、无法连接）会重新发送几次。</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>System settings</source>
        <translation>系统设置</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>System settings: the desktop&apos;s proxy and the https_proxy, http_proxy, all_proxy and no_proxy variables. Servers on this computer are always reached directly.</source>
        <translation>系统设置：使用桌面环境的代理以及 https_proxy、http_proxy、all_proxy 和 no_proxy 环境变量。本机上的服务器始终直接连接。</translation>
    </message>
    <message>
        <source>Proxy type</source>
        <translation>代理类型</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>SOCKS5</source>
        <translation>SOCKS5</translation>
    </message>
    <message>
        <source>Proxy host</source>
        <translation>代理主机</translation>
    </message>
    <message>
        <source>proxy.example.com</source>
        <translation>proxy.example.com</translation>
    </message>
    <message>
        <source>Proxy port</source>
        <translation>代理端口</translation>
    </message>
    <message>
        <source>Proxy user name</source>
        <translation>代理用户名</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Proxy password</source>
        <translation>代理密码</translation>
    </message>
    <message>
        <source>Stored in the system keychain, never in a file.</source>
        <translation>保存在系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <source>Waiting for the server</source>
        <translation>等待服务器</translation>
    </message>
    <message>
        <source>&amp;Connect timeout:</source>
        <translation>连接超时(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Idle timeout:</source>
        <translation>空闲超时(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation>重试次数(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>代理(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>类型(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>端口(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>密码(&amp;W)：</translation>
    </message>
    <message>
        <source>Network settings problem</source>
        <translation>网络设置有误</translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s host name or address (without http://).</source>
        <translation>请输入代理的主机名或地址（不带 http://）。</translation>
    </message>
</context>
<context>
    <name>ProxyController</name>
    <message>
        <source>The proxy password could not be read from the system keychain. %1</source>
        <translation>无法从系统密钥环读取代理密码。%1</translation>
    </message>
    <message>
        <source>The proxy password could not be saved in the system keychain. %1</source>
        <translation>无法将代理密码保存到系统密钥环。%1</translation>
    </message>
</context>
<context>
    <name>ReplyBar</name>
    <message>
        <source>The reply ended early.</source>
        <translation>回复提前结束了。</translation>
    </message>
    <message>
        <source>Continue generation</source>
        <translation>继续生成</translation>
    </message>
    <message>
        <source>Ask the model to carry on where the reply ended (Ctrl+Shift+Enter)</source>
        <translation>让模型从回复停下的地方接着写（Ctrl+Shift+Enter）</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Ask for a new reply (Ctrl+R)</source>
        <translation>请求新的回复（Ctrl+R）</translation>
    </message>
    <message>
        <source>Last reply</source>
        <translation>最后一条回复</translation>
    </message>
</context>
<context>
    <name>ReplyRun</name>
    <message>
        <source>The reply reached the length limit and was cut off.</source>
        <translation>回复达到长度上限，已被截断。</translation>
    </message>
    <message>
        <source>The provider&apos;s content filter stopped the reply.</source>
        <translation>服务商的内容过滤器中止了回复。</translation>
    </message>
    <message>
        <source>Refusal: the model declined this request; the text above is its explanation, not an answer.</source>
        <translation>拒绝：模型拒绝了此请求；上面的文字是它的解释，而不是回答。</translation>
    </message>
</context>
<context>
    <name>RetryNotice</name>
    <message>
        <source>Retrying now (attempt %1 of %2)…</source>
        <translation>正在重试（第 %1 次，共 %2 次）…</translation>
    </message>
    <message numerus="yes">
        <source>Retrying in %n s (attempt %1 of %2)</source>
        <translation>
            <numerusform>%n 秒后重试（第 %1 次，共 %2 次）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionRegistry</name>
    <message>
        <source>A conversation needs a name.</source>
        <translation>对话需要一个名称。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>sk-…</source>
        <translation>sk-…</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Optional instructions sent at the start of every chat</source>
        <translation>可选：在每次对话开始时发送的指令</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>基础 URL(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;System prompt:</source>
        <translation>系统提示词(&amp;S)：</translation>
    </message>
    <message>
        <source>OPENAI_BASE_URL is set; it is used for this run only.</source>
        <translation>已设置 OPENAI_BASE_URL；它仅在本次运行中使用。</translation>
    </message>
    <message>
        <source>OPENAI_API_KEY is set and used for this run; it is not saved.</source>
        <translation>已设置 OPENAI_API_KEY，本次运行将使用它；它不会被保存。</translation>
    </message>
    <message>
        <source>Stored in the system keychain, never in a file.</source>
        <translation>保存在系统密钥环中，绝不写入文件。</translation>
    </message>
    <message>
        <source>The base URL must start with https:// or http://.</source>
        <translation>基础 URL 必须以 https:// 或 http:// 开头。</translation>
    </message>
    <message>
        <source>The key could not be saved</source>
        <translation>无法保存密钥</translation>
    </message>
    <message>
        <source>The API key could not be saved in the system keychain.

%1

Confab never stores keys in a file. You can use the key for this session only; you will need to enter it again next time.</source>
        <translation>无法将 API 密钥保存到系统密钥环。

%1

Confab 绝不会把密钥存储在文件中。你可以仅在本次会话中使用此密钥；下次需要重新输入。</translation>
    </message>
    <message>
        <source>Use for This Session</source>
        <translation>仅用于本次会话</translation>
    </message>
    <message>
        <source>Unencrypted connection warning</source>
        <translation>未加密连接警告</translation>
    </message>
    <message>
        <source>Send my API key to this address over http:// anyway</source>
        <translation>仍然通过 http:// 将我的 API 密钥发送到此地址</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>常规(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>网络(&amp;N)</translation>
    </message>
    <message>
        <source>%1 is reached over plain http://, so your API key would cross the network unencrypted and anyone on the way could read it. Use https:// if the server offers it.</source>
        <translation>%1 通过未加密的 http:// 访问，你的 API 密钥将以明文在网络上传输，途中的任何人都可能读取它。如果服务器支持，请使用 https://。</translation>
    </message>
    <message>
        <source>Use an https:// address, or tick the box to send the key over http:// anyway.</source>
        <translation>请使用 https:// 地址，或勾选复选框以仍然通过 http:// 发送密钥。</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Ask the server for its models, with this key and base URL</source>
        <translation>用此密钥和基础 URL 向服务器查询模型</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>连接状态</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Server default</source>
        <translation>服务器默认</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大令牌数</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>温度(&amp;T)：</translation>
    </message>
    <message>
        <source>Max &amp;tokens:</source>
        <translation>最大令牌数(&amp;O)：</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>正在向 %1 查询模型…</translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n model(s) available.</source>
        <translation>
            <numerusform>已连接：有 %n 个模型可用。</numerusform>
        </translation>
    </message>
    <message>
        <source>How to continue a reply</source>
        <translation>如何继续回复</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>The server carries on my reply (Ollama, llama.cpp)</source>
        <translation>由服务器接着我的回复写（Ollama、llama.cpp）</translation>
    </message>
    <message>
        <source>Ask the model to carry on</source>
        <translation>请模型接着写</translation>
    </message>
    <message>
        <source>Continue generation sends the reply so far back to the server. Some servers carry it on as it is; with the others Confab asks the model to go on from where it stopped. Automatic picks by address (DeepSeek&apos;s beta endpoint, Ollama).</source>
        <translation>“继续生成”会把已有的回复发回服务器。有些服务器会直接接着写；对于其他服务器，Confab 会请模型从停下的地方继续。“自动”按地址选择（DeepSeek 的 beta 端点、Ollama）。</translation>
    </message>
    <message>
        <source>Contin&amp;ue generation:</source>
        <translation>继续生成(&amp;U)：</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>Confab is already running but did not answer within %1 seconds. Wait a moment and try again, or close the running Confab first.</source>
        <translation>Confab 已在运行，但在 %1 秒内没有响应。请稍后再试，或先关闭正在运行的 Confab。</translation>
    </message>
    <message>
        <source>Confab could not create its lock file %1. Check that the folder is writable.</source>
        <translation>Confab 无法创建锁文件 %1。请检查该文件夹是否可写。</translation>
    </message>
    <message>
        <source>Only the running instance may listen.</source>
        <translation>只有正在运行的实例可以监听。</translation>
    </message>
</context>
<context>
    <name>SpendingLedger</name>
    <message>
        <source>Today&apos;s replies have cost %1, which reaches your daily budget of %2.</source>
        <translation>今天的回复已花费 %1，达到了每日预算 %2。</translation>
    </message>
    <message>
        <source>This month&apos;s replies have cost %1, which reaches your monthly budget of %2.</source>
        <translation>本月的回复已花费 %1，达到了每月预算 %2。</translation>
    </message>
</context>
<context>
    <name>StorageProblem</name>
    <message>
        <source>The disk is full.</source>
        <translation>磁盘已满。</translation>
    </message>
    <message>
        <source>The disk or the database file is read-only.</source>
        <translation>磁盘或数据库文件是只读的。</translation>
    </message>
    <message>
        <source>The database file was deleted or moved while Confab was running.</source>
        <translation>Confab 运行期间，数据库文件被删除或移动了。</translation>
    </message>
    <message>
        <source>The database could not be written (%1).</source>
        <translation>无法写入数据库（%1）。</translation>
    </message>
    <message>
        <source>The disk is full. Your reply is kept in memory; free some space and it will be saved.</source>
        <translation>磁盘已满。你的回复保留在内存中；释放一些空间后它就会被保存。</translation>
    </message>
    <message>
        <source>The disk or the database file is read-only. Your reply is kept in memory; make it writable again and it will be saved.</source>
        <translation>磁盘或数据库文件是只读的。你的回复保留在内存中；恢复可写后它就会被保存。</translation>
    </message>
    <message>
        <source>The database file was deleted or moved while Confab was running. Your conversations are kept in memory and are being written to a new file.</source>
        <translation>Confab 运行期间，数据库文件被删除或移动了。你的对话保留在内存中，正在写入一个新文件。</translation>
    </message>
    <message>
        <source>Your messages could not be saved to disk (%1). They are kept in memory and saving is retried every few seconds.</source>
        <translation>你的消息无法保存到磁盘（%1）。它们保留在内存中，每隔几秒会重试保存。</translation>
    </message>
    <message>
        <source>The disk is full, so your message was not sent; it is still in the box. Free some space and send it again.</source>
        <translation>磁盘已满，因此你的消息没有发送；它仍在输入框中。请释放一些空间后再次发送。</translation>
    </message>
    <message>
        <source>The disk or the database file is read-only, so your message was not sent; it is still in the box. Make it writable and send it again.</source>
        <translation>磁盘或数据库文件是只读的，因此你的消息没有发送；它仍在输入框中。请恢复可写后再次发送。</translation>
    </message>
    <message>
        <source>Your message could not be saved, so it was not sent; it is still in the box (%1).</source>
        <translation>你的消息无法保存，因此没有发送；它仍在输入框中（%1）。</translation>
    </message>
</context>
<context>
    <name>TokenCountLabel</name>
    <message>
        <source>Chat so far: $%1</source>
        <translation>本对话至今：$%1</translation>
    </message>
    <message>
        <source>Chat so far: ~$%1</source>
        <translation>本对话至今：约 $%1</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier message(s) will not be sent</source>
        <translation>
            <numerusform>有 %n 条较早的消息将不会发送</numerusform>
        </translation>
    </message>
    <message>
        <source>Token count</source>
        <translation>Token 计数</translation>
    </message>
    <message>
        <source>Counting tokens…</source>
        <translation>正在计算 Token 数…</translation>
    </message>
    <message>
        <source>Token count unavailable</source>
        <translation>无法计算 Token 数</translation>
    </message>
    <message>
        <source>Message: %1 tokens · Request: %2 tokens</source>
        <translation>消息：%1 个 Token · 请求：%2 个 Token</translation>
    </message>
    <message>
        <source>Message: ~%1 tokens · Request: ~%2 tokens</source>
        <translation>消息：约 %1 个 Token · 请求：约 %2 个 Token</translation>
    </message>
    <message>
        <source>Counted with %1, the tokenizer of %2: the system prompt, the earlier messages that will be sent and this message, with the chat format&apos;s framing.</source>
        <translation>使用 %2 的分词器 %1 计算：包括系统提示词、将要发送的先前消息和这条消息，以及对话格式附加的 Token。</translation>
    </message>
    <message>
        <source>%1 is not an OpenAI model, so this is an estimate made with %2.</source>
        <translation>%1 不是 OpenAI 模型，因此这是用 %2 估算的结果。</translation>
    </message>
</context>
<context>
    <name>Tokenizers</name>
    <message>
        <source>The tokenizer data %1 is missing: %2</source>
        <translation>缺少分词器数据 %1：%2</translation>
    </message>
</context>
<context>
    <name>UnicodeClasses</name>
    <message>
        <source>The Unicode table is damaged (%1).</source>
        <translation>Unicode 字符表已损坏（%1）。</translation>
    </message>
</context>
<context>
    <name>UnsavedQuitPrompt</name>
    <message>
        <source>Replies not saved</source>
        <translation>回复未保存</translation>
    </message>
    <message numerus="yes">
        <source>%n repl(ies) could not be saved to disk and would be lost if Confab quits now.</source>
        <translation>
            <numerusform>有 %n 条回复无法保存到磁盘，如果现在退出 Confab，它们将会丢失。</numerusform>
        </translation>
    </message>
    <message>
        <source>Free some space or make the disk writable, then choose Try Again.</source>
        <translation>请释放一些空间或恢复磁盘可写，然后选择“重试”。</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Quit Anyway</source>
        <translation>仍然退出</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>A desktop chat client for OpenAI-compatible servers.</source>
        <translation>适用于兼容 OpenAI 接口的服务器的桌面聊天客户端。</translation>
    </message>
    <message>
        <source>Confab cannot start</source>
        <translation>Confab 无法启动</translation>
    </message>
    <message>
        <source>Add your OpenAI API key in Settings (Ctrl+,) to start chatting.</source>
        <translation>请在“设置”（Ctrl+,）中添加你的 OpenAI API 密钥，即可开始聊天。</translation>
    </message>
    <message>
        <source>Open a new window.</source>
        <translation>打开一个新窗口。</translation>
    </message>
    <message>
        <source>%1

Check that the folder is writable and the disk is not full, then start Confab again.</source>
        <translation>%1

请检查该文件夹是否可写、磁盘是否已满，然后重新启动 Confab。</translation>
    </message>
</context>
</TS>
