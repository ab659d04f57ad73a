import { adminKey, setAdminKey, clearAdminKey, get, Unauthorized } from './api.js';
import { t, lang, setLang, translateStatic } from './i18n.js';
import { disposeAll } from './charts.js';

const PAGES = ['overview', 'rankings', 'models', 'requests', 'keys', 'apps', 'playground'];
const loaded = {};

function showLogin(message) {
  document.getElementById('login').hidden = false;
  document.getElementById('page').hidden = true;
  const err = document.getElementById('login-error');
  err.hidden = !message;
  err.textContent = message || '';
}

async function route() {
  translateStatic();
  if (!adminKey()) { showLogin(); return; }
  document.getElementById('login').hidden = true;
  const root = document.getElementById('page');
  root.hidden = false;
  const name = (location.hash.replace(/^#\//, '').split('?')[0]) || 'overview';
  const page = PAGES.includes(name) ? name : 'overview';
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === page);
  disposeAll();
  root.innerHTML = '<p class="muted">' + t('loading') + '</p>';
  root.dataset.page = page;
  root.dataset.ready = 'false';
  try {
    loaded[page] = loaded[page] || await import('./pages/' + page + '.js');
    root.innerHTML = '';
    await loaded[page].render(root);
    root.dataset.ready = 'true';
  } catch (e) {
    if (e instanceof Unauthorized) { clearAdminKey(); showLogin(t('login.refused') + ' ' + e.message); return; }
    root.innerHTML = '';
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = t('error') + ': ' + e.message;
    root.appendChild(p);
    root.dataset.ready = 'error';
  }
}

document.getElementById('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const key = document.getElementById('admin-key').value.trim();
  setAdminKey(key);
  try {
    await get('/api/v1/admin/overview?window=24h');
    document.getElementById('admin-key').value = '';
    route();
  } catch (e) {
    clearAdminKey();
    showLogin(t('login.refused') + ' ' + e.message);
  }
});
document.getElementById('signout').addEventListener('click', () => { clearAdminKey(); showLogin(); });
const langSelect = document.getElementById('lang');
langSelect.value = lang();
langSelect.addEventListener('change', () => { setLang(langSelect.value); route(); });
window.addEventListener('hashchange', route);
window.__route = route;
route();
