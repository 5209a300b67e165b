// The elections this service publishes.
import { getJson } from './api.js';
import { h, render } from './dom.js';
import { t } from './i18n.js';

export async function homePage() {
  const list = await getJson('/elections');
  const status = (s) => t(`status.${s}`);
  render(
    h('h1', {}, t('home.title')),
    list.length ? h('ul', { class: 'cards' }, list.map((e) => {
      const base = `/elections/${encodeURIComponent(e.id)}`;
      return h('li', { class: 'card' },
        h('h2', {}, e.title),
        h('p', {}, t('home.status', { status: status(e.status) })),
        h('p', { class: 'row' },
          e.status === 'open' ? h('a', { class: 'button', href: base }, t('nav.vote')) : null,
          e.status !== 'draft' ? h('a', { href: `${base}/projects` }, t('nav.projects')) : null,
          h('a', { href: `${base}/verify` }, t('nav.verify')),
          e.status === 'published' ? h('a', { href: `${base}/results` }, t('nav.results')) : null,
          h('a', { href: `${base}/board` }, t('nav.board')),
          h('a', { href: `${base}/proposals` }, t('nav.proposals'))));
    })) : h('p', {}, t('home.none')),
  );
}
