// English and Simplified Chinese. The choice is the user's, kept in localStorage; the browser's language is the
// default. A missing Chinese string falls back to English, a missing key shows the key.
const LANG_KEY = 'switchyard.lang';

const en = {
  'nav.overview': 'Overview', 'nav.rankings': 'Rankings', 'nav.models': 'Models', 'nav.requests': 'Requests',
  'nav.keys': 'Keys', 'nav.apps': 'Apps', 'nav.playground': 'Playground', signout: 'Sign out',
  'login.title': 'Admin key',
  'login.help': 'Paste an admin key. It is kept in this tab only (sessionStorage) and sent as a Bearer token to the admin API.',
  'login.submit': 'Open console', 'login.cli': 'No admin key yet? On the gateway\'s machine: ./switchyard keys create --name ops --admin',
  'login.refused': 'The gateway refused this key:',
  loading: 'Loading…', error: 'Error', save: 'Save', yes: 'yes', no: 'no',
  'window.24h': 'Last 24 hours', 'window.7d': 'Last 7 days', 'window.30d': 'Last 30 days', 'window.90d': 'Last 90 days',
  'm.requests': 'Requests', 'm.errors': 'Errors', 'm.tokens': 'Tokens', 'm.prompt_tokens': 'Prompt tokens',
  'm.completion_tokens': 'Completion tokens', 'm.cost': 'Cost', 'm.error_rate': 'Error rate', 'm.latency': 'Latency',
  'm.ttft': 'TTFT',
  'c.model': 'Model', 'c.vendor': 'Vendor', 'c.origin': 'Origin', 'c.share': 'Token share', 'c.provider': 'Provider',
  'c.status': 'Status', 'c.error': 'Error', 'c.key': 'Key', 'c.workspace': 'Workspace', 'c.app': 'App', 'c.time': 'Time (UTC)',
  'empty.nodata': 'No data yet.',
  'overview.title': 'Overview', 'overview.top': 'Top models by tokens',
  'overview.empty': 'No requests in this window yet. Charts fill in as soon as traffic arrives; send a first request, for example:',
  'overview.chart.requests': 'Requests and errors', 'overview.chart.tokens': 'Tokens', 'overview.chart.cost': 'Cost (USD)',
  'overview.chart.latency': 'Latency and TTFT percentiles (ms)',
  'rank.title': 'Rankings', 'rank.grain.week': 'Weekly', 'rank.grain.day': 'Daily', 'rank.by.model': 'By model',
  'rank.by.vendor': 'By vendor', 'rank.by.country': 'By origin country', 'rank.by.openness': 'Open weights vs proprietary',
  'rank.help': 'Share of all tokens (prompt + completion) per period. Weeks start Monday 00:00 UTC; * marks the period still in progress. A pin marks where a group overtook another.',
  'rank.empty': 'No traffic in these periods yet: rankings appear once requests have been served.',
  'rank.chart': 'Token share (%)', 'rank.tokens': 'Tokens per period', 'rank.others': 'Others',
  'rank.overtakes': 'Overtakes', 'rank.overtook': 'overtook', 'rank.latest': 'Latest period:', 'rank.group': 'Group',
  'rank.change': 'Change vs previous',
  'models.title': 'Models and endpoints', 'models.filter': 'Filter models…', 'models.count': 'models',
  'models.help': 'The catalog with prices (USD per million tokens) and context, and each endpoint\'s live health as this gateway measures it: uptime over 30 minutes, time to first token and throughput (median), circuit breaker state.',
  'models.empty': 'No model matches.', 'models.open': 'open weights', 'models.proprietary': 'proprietary',
  'models.noendpoints': 'no endpoint', 'models.disabled': 'provider disabled', 'models.breaker.closed': 'healthy',
  'models.breaker.open': 'circuit open', 'models.breaker.half_open': 'probing', 'models.uptime': 'uptime',
  'models.latency': 'TTFT p50', 'models.throughput': 'throughput', 'models.requests30': 'requests (30 min)',
  'models.weights': 'Weights', 'models.context': 'Context', 'models.prompt': 'Prompt $/M', 'models.completion': 'Completion $/M',
  'models.health': 'Endpoint health',
  'req.title': 'Requests', 'req.apply': 'Search', 'req.more': 'Older requests', 'req.pick': 'Pick a request to see every attempt, its tokens, cost and timings.',
  'req.empty': 'No request matches these filters. Raw requests are kept for ledger.retention_days (90 by default).',
  'req.f.key': 'Key (hash)', 'req.f.model': 'Model', 'req.f.provider': 'Provider', 'req.f.status': 'Status',
  'req.f.from': 'From', 'req.f.to': 'To', 'req.p.key': 'key hash', 'req.p.model': 'vendor/model', 'req.p.provider': 'provider id',
  'req.p.status': '429, 5xx, error', 'req.p.from': '2026-11-01', 'req.p.to': '2026-11-30T12:00Z',
  'req.detail': 'Request', 'req.upstream': 'Upstream model', 'req.finish': 'Finish reason', 'req.streamed': 'Streamed',
  'req.tokens': 'Tokens', 'req.cached': 'Cached (read)', 'req.cache_write': 'Cache write', 'req.reasoning': 'Reasoning',
  'req.cost_prompt': 'Prompt', 'req.cost_completion': 'Completion', 'req.cost_cache': 'Cache', 'req.cost_request': 'Per request',
  'req.cost_total': 'Total', 'req.timings': 'Timings', 'req.generation': 'Generation', 'req.attempts': 'Attempts',
  'req.noattempts': 'No provider was tried (refused before routing).', 'req.duration': 'Duration', 'req.bodies': 'Bodies',
  'req.bodies_off': 'Prompt and response bodies are not shown: body logging is off (the default), so the ledger keeps only metadata, tokens, cost and timings.',
  'keys.title': 'Keys and workspaces',
  'keys.help': 'A new key\'s secret is shown once, right after it is created: copy it then. The gateway stores only its hash; no page can show it again.',
  'keys.name': 'Name', 'keys.role': 'Role', 'keys.role.inference': 'inference', 'keys.role.admin': 'admin',
  'keys.limit': 'Budget (USD)', 'keys.limit_reset': 'Resets', 'keys.reset.none': 'never (lifetime)', 'keys.reset.daily': 'daily',
  'keys.reset.weekly': 'weekly', 'keys.reset.monthly': 'monthly', 'keys.rpm': 'Requests/min', 'keys.tpm': 'Tokens/min',
  'keys.create': 'Create key', 'keys.secret_once': 'The new key\'s secret. It is shown this once and cannot be shown again:',
  'keys.copy': 'Copy', 'keys.done': 'Done', 'keys.list': 'Keys', 'keys.empty': 'No keys yet. Create one above; until the first inference key exists, a gateway on loopback serves callers without a key.',
  'keys.active': 'active', 'keys.disabled': 'disabled', 'keys.enable': 'Enable', 'keys.disable': 'Disable', 'keys.limits': 'Limits',
  'keys.spend': 'Spend vs budget (this period)', 'keys.nolimit': 'no budget', 'keys.created': 'Created',
  'ws.title': 'Workspaces', 'ws.create': 'Create workspace', 'ws.keys': 'Keys',
  'apps.title': 'Apps', 'apps.days.1': 'Last day', 'apps.days.7': 'Last 7 days', 'apps.days.30': 'Last 30 days', 'apps.days.90': 'Last 90 days',
  'apps.help': 'Usage by the application that sent it: the X-Title header (or X-OpenRouter-Title), else HTTP-Referer, as OpenRouter\'s app leaderboard counts it.',
  'apps.empty': 'No usage in this period yet. Apps appear when clients send X-Title or HTTP-Referer.', 'apps.unnamed': '(no app header)',
  'play.title': 'Playground',
  'play.help': 'Sends a streamed chat through this gateway, with the model and routing preferences chosen here. Admin keys cannot call models: paste an inference key (kept in this page\'s memory only), or none while the gateway is in open mode.',
  'play.key': 'Inference key', 'play.sort': 'Sort', 'play.sort.default': 'default', 'play.sort.price': 'price',
  'play.sort.throughput': 'throughput', 'play.sort.latency': 'latency', 'play.order': 'Provider order',
  'play.fallbacks': 'Fallbacks', 'play.data': 'Data collection', 'play.data.allow': 'allow', 'play.data.deny': 'deny',
  'play.prompt': 'Your message', 'play.sample': 'Say hello in one short sentence.', 'play.send': 'Send',
  'play.waiting': 'Streaming…', 'play.done': 'Done', 'play.failed': 'Failed', 'play.chunks': 'chunks', 'play.total': 'total',
  'play.explain': 'Routing explanation', 'play.explain_help': 'The routing explanation appears here: which provider and model served, every failed attempt, and the ledger\'s record.',
};

const zh = {
  'nav.overview': '概览', 'nav.rankings': '排行', 'nav.models': '模型', 'nav.requests': '请求', 'nav.keys': '密钥',
  'nav.apps': '应用', 'nav.playground': '试验场', signout: '退出',
  'login.title': '管理员密钥',
  'login.help': '粘贴一个管理员密钥。它只保存在当前标签页（sessionStorage），并作为 Bearer 令牌发送给管理 API。',
  'login.submit': '打开控制台', 'login.cli': '还没有管理员密钥？在网关所在机器上运行：./switchyard keys create --name ops --admin',
  'login.refused': '网关拒绝了该密钥：',
  loading: '加载中…', error: '错误', save: '保存', yes: '是', no: '否',
  'window.24h': '最近 24 小时', 'window.7d': '最近 7 天', 'window.30d': '最近 30 天', 'window.90d': '最近 90 天',
  'm.requests': '请求数', 'm.errors': '错误数', 'm.tokens': 'Token 数', 'm.prompt_tokens': '输入 Token',
  'm.completion_tokens': '输出 Token', 'm.cost': '费用', 'm.error_rate': '错误率', 'm.latency': '延迟', 'm.ttft': '首字延迟',
  'c.model': '模型', 'c.vendor': '厂商', 'c.origin': '来源国家', 'c.share': 'Token 占比', 'c.provider': '服务商',
  'c.status': '状态', 'c.error': '错误', 'c.key': '密钥', 'c.workspace': '工作区', 'c.app': '应用', 'c.time': '时间（UTC）',
  'empty.nodata': '暂无数据。',
  'overview.title': '概览', 'overview.top': '按 Token 排名的模型',
  'overview.empty': '该时间段内还没有请求。流量到达后图表会立即更新；可以先发送一个请求，例如：',
  'overview.chart.requests': '请求与错误', 'overview.chart.tokens': 'Token', 'overview.chart.cost': '费用（美元）',
  'overview.chart.latency': '延迟与首字延迟分位数（毫秒）',
  'rank.title': '排行', 'rank.grain.week': '按周', 'rank.grain.day': '按天', 'rank.by.model': '按模型', 'rank.by.vendor': '按厂商',
  'rank.by.country': '按来源国家', 'rank.by.openness': '开放权重 vs 闭源',
  'rank.help': '每个周期内各组占全部 Token（输入 + 输出）的比例。每周从周一 00:00 UTC 开始；* 表示尚未结束的周期。图钉标记一个组超过另一个组的位置。',
  'rank.empty': '这些周期内还没有流量：有请求被处理后即会显示排行。',
  'rank.chart': 'Token 占比（%）', 'rank.tokens': '每个周期的 Token', 'rank.others': '其他', 'rank.overtakes': '超越',
  'rank.overtook': '超过了', 'rank.latest': '最近周期：', 'rank.group': '分组', 'rank.change': '较上一周期变化',
  'models.title': '模型与端点', 'models.filter': '筛选模型…', 'models.count': '个模型',
  'models.help': '模型目录，含价格（美元/百万 Token）与上下文长度，以及本网关实测的每个端点实时健康状况：30 分钟可用率、首字延迟与吞吐（中位数）、熔断器状态。',
  'models.empty': '没有匹配的模型。', 'models.open': '开放权重', 'models.proprietary': '闭源', 'models.noendpoints': '无端点',
  'models.disabled': '服务商已停用', 'models.breaker.closed': '健康', 'models.breaker.open': '已熔断', 'models.breaker.half_open': '探测中',
  'models.uptime': '可用率', 'models.latency': '首字延迟 p50', 'models.throughput': '吞吐', 'models.requests30': '请求（30 分钟）',
  'models.weights': '权重', 'models.context': '上下文', 'models.prompt': '输入 $/M', 'models.completion': '输出 $/M',
  'models.health': '端点健康',
  'req.title': '请求', 'req.apply': '搜索', 'req.more': '更早的请求', 'req.pick': '选择一个请求，查看每次尝试、Token、费用与耗时。',
  'req.empty': '没有符合条件的请求。原始请求保留 ledger.retention_days 天（默认 90 天）。',
  'req.f.key': '密钥（hash）', 'req.f.model': '模型', 'req.f.provider': '服务商', 'req.f.status': '状态', 'req.f.from': '开始',
  'req.f.to': '结束', 'req.p.key': '密钥 hash', 'req.p.model': '厂商/模型', 'req.p.provider': '服务商 id',
  'req.p.status': '429、5xx、error', 'req.p.from': '2026-11-01', 'req.p.to': '2026-11-30T12:00Z',
  'req.detail': '请求', 'req.upstream': '上游模型', 'req.finish': '结束原因', 'req.streamed': '流式',
  'req.tokens': 'Token', 'req.cached': '缓存读取', 'req.cache_write': '缓存写入', 'req.reasoning': '推理',
  'req.cost_prompt': '输入', 'req.cost_completion': '输出', 'req.cost_cache': '缓存', 'req.cost_request': '按次',
  'req.cost_total': '合计', 'req.timings': '耗时', 'req.generation': '生成', 'req.attempts': '尝试',
  'req.noattempts': '没有尝试任何服务商（在路由前被拒绝）。', 'req.duration': '耗时', 'req.bodies': '请求与响应内容',
  'req.bodies_off': '不显示提示词与响应内容：内容日志已关闭（默认），账本只保存元数据、Token、费用与耗时。',
  'keys.title': '密钥与工作区',
  'keys.help': '新密钥的明文只在创建后显示一次，请立即复制。网关只保存其哈希，任何页面都无法再次显示。',
  'keys.name': '名称', 'keys.role': '角色', 'keys.role.inference': '推理', 'keys.role.admin': '管理员',
  'keys.limit': '预算（美元）', 'keys.limit_reset': '重置周期', 'keys.reset.none': '不重置（终身）', 'keys.reset.daily': '每天',
  'keys.reset.weekly': '每周', 'keys.reset.monthly': '每月', 'keys.rpm': '每分钟请求', 'keys.tpm': '每分钟 Token',
  'keys.create': '创建密钥', 'keys.secret_once': '新密钥的明文。只显示这一次，之后无法再次查看：',
  'keys.copy': '复制', 'keys.done': '完成', 'keys.list': '密钥',
  'keys.empty': '还没有密钥。请在上方创建；在第一个推理密钥出现之前，监听本机回环地址的网关无需密钥即可调用。',
  'keys.active': '启用', 'keys.disabled': '已停用', 'keys.enable': '启用', 'keys.disable': '停用', 'keys.limits': '限额',
  'keys.spend': '本周期花费 / 预算', 'keys.nolimit': '无预算', 'keys.created': '创建时间',
  'ws.title': '工作区', 'ws.create': '创建工作区', 'ws.keys': '密钥数',
  'apps.title': '应用', 'apps.days.1': '最近 1 天', 'apps.days.7': '最近 7 天', 'apps.days.30': '最近 30 天', 'apps.days.90': '最近 90 天',
  'apps.help': '按发送请求的应用统计用量：X-Title（或 X-OpenRouter-Title）请求头，否则为 HTTP-Referer，与 OpenRouter 的应用排行一致。',
  'apps.empty': '该时间段内还没有用量。客户端发送 X-Title 或 HTTP-Referer 后即会显示应用。', 'apps.unnamed': '（无应用请求头）',
  'play.title': '试验场',
  'play.help': '通过本网关发送一个流式对话，使用这里选择的模型与路由偏好。管理员密钥不能调用模型：请粘贴一个推理密钥（只保存在本页内存中），网关处于开放模式时可以留空。',
  'play.key': '推理密钥', 'play.sort': '排序', 'play.sort.default': '默认', 'play.sort.price': '价格', 'play.sort.throughput': '吞吐',
  'play.sort.latency': '延迟', 'play.order': '服务商顺序', 'play.fallbacks': '允许回退', 'play.data': '数据收集',
  'play.data.allow': '允许', 'play.data.deny': '拒绝', 'play.prompt': '你的消息', 'play.sample': '用一句简短的话打个招呼。',
  'play.send': '发送', 'play.waiting': '正在流式输出…', 'play.done': '完成', 'play.failed': '失败', 'play.chunks': '个分块',
  'play.total': '总计', 'play.explain': '路由说明',
  'play.explain_help': '路由说明会显示在这里：由哪个服务商和模型处理、每次失败的尝试，以及账本记录。',
};

const TABLES = { en, 'zh-CN': zh };

export function lang() {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved && TABLES[saved]) return saved;
  return (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLang(l) {
  localStorage.setItem(LANG_KEY, TABLES[l] ? l : 'en');
}

export function t(key) {
  const table = TABLES[lang()];
  return table[key] ?? en[key] ?? key;
}

/** Translates the page's fixed text (elements marked data-i18n) and sets the document's language. */
export function translateStatic() {
  document.documentElement.lang = lang();
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}

export const KEYS = { en: Object.keys(en), zh: Object.keys(zh) };
