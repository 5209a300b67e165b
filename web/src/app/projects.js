// A project card: name, description, cost, categories, SDG tags, neighbourhood and location.
// The description comes from the frozen definition (the manifest has none); it is display
// text only, so a card without one is still a complete card.

import { h } from './dom.js';
import { money, t, text } from './i18n.js';

export function projectCard(p, currency, description = null) {
  const loc = p.latitude !== null && p.longitude !== null ? `${p.latitude}, ${p.longitude}` : null;
  return h('article', { class: 'card' },
    h('h3', {}, text(p.name)),
    description ? h('p', { class: 'description' }, text(description)) : null,
    h('div', { class: 'meta' },
      h('span', {}, h('strong', {}, t('project.cost')), ' ', money(p.cost, currency)),
      p.neighbourhood ? h('span', {}, h('strong', {}, t('project.place')), ' ', p.neighbourhood) : null,
      h('span', { class: 'mono' }, p.id)),
    p.categories.length ? h('p', { class: 'meta' }, h('span', { class: 'visually-hidden' }, t('project.categories')),
      p.categories.map((c) => h('span', { class: 'tag' }, c))) : null,
    p.sdg.length ? h('p', { class: 'meta' }, h('span', {}, t('project.sdg')),
      p.sdg.map((g) => h('span', { class: 'tag', title: t(`sdg.${g}`) }, g, h('span', { class: 'visually-hidden' }, ` ${t(`sdg.${g}`)}`)))) : null,
    loc ? h('p', { class: 'meta' }, h('span', {}, t('project.location')), ' ',
      h('a', { href: `geo:${p.latitude},${p.longitude}` }, loc)) : null,
  );
}
