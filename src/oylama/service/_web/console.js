// src/app/dom.js
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === void 0 || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === "text") el.textContent = v;
    else if (k === "style") el.style.cssText = v;
    else if (k in el && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === void 0 || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
function main() {
  return document.getElementById("main");
}
function render(...children) {
  document.documentElement.style.scrollPaddingTop = "";
  const m = main().cloneNode(false);
  main().replaceWith(m);
  m.replaceChildren();
  append(m, children);
  const heading = m.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  } else m.focus();
  window.scrollTo(0, 0);
}
function announce(text2) {
  const st = document.getElementById("status");
  st.textContent = "";
  setTimeout(() => {
    st.textContent = text2;
  }, 30);
}

// src/console/api.js
var ApiError = class extends Error {
  constructor(status, body) {
    super(body?.detail || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
  }
};
var csrf = null;
function setCsrf(token) {
  csrf = token;
}
var onExpired = () => {
};
function whenExpired(fn) {
  onExpired = fn;
}
async function api(method, path, body) {
  const headers = {};
  if (body !== void 0) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const r = await fetch(`/api/v1${path}`, {
    method,
    headers,
    cache: "no-store",
    credentials: "same-origin",
    body: body === void 0 ? void 0 : JSON.stringify(body)
  });
  if (r.status === 204) return null;
  const type = r.headers.get("content-type") || "";
  const data = type.includes("json") ? await r.json() : await r.text();
  if (!r.ok) {
    if (r.status === 401 && path !== "/session") onExpired();
    throw new ApiError(r.status, typeof data === "object" ? data : { detail: data });
  }
  return data;
}
var eid = (id) => encodeURIComponent(id);
async function fileBase64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = "";
  for (let i = 0; i < bytes.length; i += 32768) s += String.fromCharCode(...bytes.subarray(i, i + 32768));
  return btoa(s);
}

// src/console/i18n.js
var M = {
  tr: {
    brand: "Katılımcı Bütçe — Personel",
    signin: "Personel girişi",
    username: "Kullanıcı adı",
    password: "Parola",
    signin_go: "Giriş yap",
    signout: "Çıkış",
    signed_in: "{name} ({role})",
    elections: "Seçimler",
    new_election: "Yeni seçim",
    accounts: "Hesaplar",
    audit: "Denetim kaydı",
    none: "Henüz seçim yok.",
    test_badge: "TEST SEÇİMİ",
    status: "Durum",
    "status.draft": "taslak",
    "status.ceremony": "anahtar töreni",
    "status.open": "oylama açık",
    "status.closed": "kapandı",
    "status.tallied": "sayıldı",
    "status.published": "yayımlandı",
    settings: "Ayarlar",
    frozen: "Ayarlar anahtar töreni başlayınca dondu; artık değiştirilemez.",
    save: "Kaydet",
    create: "Seçimi oluştur",
    saved: "Kaydedildi.",
    fix: "Düzeltilmesi gereken {n} alan var.",
    election: "Seçim",
    id: "Kimlik (değişmez)",
    title_tr: "Başlık (Türkçe)",
    title_en: "Başlık (İngilizce)",
    city: "Şehir",
    currency: "Para birimi",
    opens: "Açılış (ör. 2027-03-01T09:00:00+03:00)",
    closes: "Kapanış",
    min_tally: "Sayım için en az oy pusulası",
    test: "Test seçimi (açıkça işaretlenir, silinebilir)",
    districts: "İlçeler / mahalleler",
    district: "İlçe",
    name: "Ad",
    add_district: "İlçe ekle",
    remove: "Kaldır",
    ballots: "Oy pusulaları",
    ballot: "Oy pusulası",
    add_ballot: "Oy pusulası ekle",
    kind: "Tür",
    "kind.approval": "Onay (beğendiklerini seç)",
    "kind.knapsack": "Bütçe sepeti (bütçeye sığanı seç)",
    "kind.cumulative": "Puan dağıt",
    "kind.quadratic": "Kuadratik (oy kredisi)",
    budget: "Bütçe",
    min_count: "En az seçim",
    max_count: "En çok seçim (boş: sınırsız)",
    points: "Puan",
    max_votes: "Proje başına en çok oy",
    credits: "Oy kredisi",
    signed: "Karşı oy verilebilir",
    rule: "Dağıtım kuralı",
    utility: "Fayda",
    tie_break: "Eşitlikte",
    city_wide: "Tüm şehir",
    "rule.greedy": "En çok oy alandan başlanır; bütçeye sığan her proje fonlanır, sığmayan atlanır.",
    "rule.greedy-no-skip": "En çok oy alandan başlanır; bütçeye sığmayan ilk projede dağıtım durur.",
    "rule.max-welfare": "Bütçeye sığan projeler arasından toplam desteği en yüksek olan küme seçilir.",
    "rule.quadratic-voting": "Oylar toplanır (karşı oylar düşülür); en çok net oy alandan başlanarak bütçeye sığanlar fonlanır.",
    projects: "Projeler",
    project: "Proje",
    add_project: "Proje ekle",
    name_tr: "Ad (Türkçe)",
    name_en: "Ad (İngilizce)",
    desc_tr: "Açıklama (Türkçe)",
    desc_en: "Açıklama (İngilizce)",
    cost: "Maliyet",
    categories: "Kategoriler (virgülle)",
    sdg: "SKA etiketleri (ör. SDG3, SDG11)",
    audience: "Hedef kitle (virgülle)",
    start: "Başlangıç tarihi (YYYY-AA-GG)",
    address: "Konum (adres)",
    latitude: "Enlem",
    longitude: "Boylam",
    neighbourhood: "Mahalle",
    photos: "Fotoğraflar",
    add_photo: "Fotoğraf ekle (JPEG/PNG, en çok 8 MB)",
    photo_alt: "{name} fotoğrafı",
    import: "Projeleri tablodan al (CSV, XLSX, Pabulib)",
    import_ballot: "Hangi oy pusulasına",
    import_file: "Dosya",
    import_go: "İçe aktar",
    imported: "{n} proje alındı.",
    row: "Satır",
    column: "Sütun",
    message: "Sorun",
    export_toml: "Tanımı indir (TOML)",
    export_csv: "Projeleri indir (CSV)",
    export_pb: "Pabulib dosyası indir (.pb)",
    export: "Dışa aktar",
    roll: "Seçmen listesi ve kimlik bilgileri",
    roll_file: "Açık kimlik listesi (oylama credentials generate çıktısı)",
    upload: "Yükle",
    voters: "{n} seçmen",
    eligible: "Seçmen",
    fingerprint: "Parmak izi",
    ceremony: "Anahtar töreni",
    trustees: "Güvenilir kişi sayısı",
    threshold: "Eşik (şifre çözmek için gereken)",
    trustee_keys: "Güvenilir kişilerin kimlik anahtarları (her satıra bir, base64)",
    start_ceremony: "Töreni başlat",
    tokens: "Davet jetonları — her birini ilgili güvenilir kişiye elden verin; bir daha gösterilmez:",
    trustee: "Güvenilir kişi",
    record: "Kayıt",
    shares: "Paylar",
    commitment: "Ortak anahtar",
    partial: "Kısmi çözüm",
    lifecycle: "Seçim akışı",
    open: "Oylamayı aç",
    close: "Oylamayı kapat",
    tally: "Say",
    publish: "Sonucu yayımla",
    confirm: "{action}: emin misiniz? Bu adım geri alınamaz.",
    confirm_yes: "Evet, devam",
    cancel: "Vazgeç",
    done: "Tamam: {status}.",
    refused: "Yapılamadı: {detail}",
    turnout: "Katılım (oy kullanan / seçmen; ara sonuç yoktur)",
    voted: "Oy kullanan",
    window: "Oylama zamanı: {opens} – {closes}",
    unset: "belirtilmedi",
    delete_test: "Test seçimini sil",
    deleted: "Silindi.",
    results: "Sonuç sayfası",
    board: "İlan tahtası",
    residents: "Seçmen sayfası",
    preview: "Önizleme (seçmenlerin göreceği sayfa)",
    new_account: "Yeni hesap",
    role: "Rol",
    create_account: "Hesap oluştur",
    disable: "Devre dışı bırak",
    enable: "Etkinleştir",
    disabled: "devre dışı",
    assign: "Seçime ata",
    staff_of: "Seçimleri",
    when: "Zaman",
    who: "Kim",
    what: "Ne",
    error: "Hata: {detail}",
    expired: "Oturumunuz sona erdi; tekrar giriş yapın.",
    back: "Seçimlere dön",
    loading: "Yükleniyor…",
    skip: "İçeriğe geç",
    lang: "English"
  },
  en: {
    brand: "Participatory Budget — Staff",
    signin: "Staff sign-in",
    username: "User name",
    password: "Password",
    signin_go: "Sign in",
    signout: "Sign out",
    signed_in: "{name} ({role})",
    elections: "Elections",
    new_election: "New election",
    accounts: "Accounts",
    audit: "Audit log",
    none: "No elections yet.",
    test_badge: "TEST ELECTION",
    status: "Status",
    "status.draft": "draft",
    "status.ceremony": "key ceremony",
    "status.open": "voting open",
    "status.closed": "closed",
    "status.tallied": "tallied",
    "status.published": "published",
    settings: "Settings",
    frozen: "The settings froze when the key ceremony started; they cannot change any more.",
    save: "Save",
    create: "Create the election",
    saved: "Saved.",
    fix: "{n} fields need fixing.",
    election: "Election",
    id: "Id (cannot change)",
    title_tr: "Title (Turkish)",
    title_en: "Title (English)",
    city: "City",
    currency: "Currency",
    opens: "Opens (e.g. 2027-03-01T09:00:00+03:00)",
    closes: "Closes",
    min_tally: "Fewest ballots a tally decrypts",
    test: "Test election (clearly marked, can be deleted)",
    districts: "Districts / neighbourhoods",
    district: "District",
    name: "Name",
    add_district: "Add a district",
    remove: "Remove",
    ballots: "Ballots",
    ballot: "Ballot",
    add_ballot: "Add a ballot",
    kind: "Kind",
    "kind.approval": "Approval (pick the ones you like)",
    "kind.knapsack": "Knapsack (pick what fits the budget)",
    "kind.cumulative": "Cumulative (spread points)",
    "kind.quadratic": "Quadratic (voice credits)",
    budget: "Budget",
    min_count: "Fewest choices",
    max_count: "Most choices (empty: no limit)",
    points: "Points",
    max_votes: "Most votes per project",
    credits: "Voice credits",
    signed: "Votes against allowed",
    rule: "Allocation rule",
    utility: "Utility",
    tie_break: "Ties",
    city_wide: "City-wide",
    "rule.greedy": "Projects are taken from the most supported down; each one that still fits the budget is funded, others are skipped.",
    "rule.greedy-no-skip": "Projects are taken from the most supported down; funding stops at the first one that does not fit.",
    "rule.max-welfare": "Of all sets of projects that fit the budget, the one with the most total support is funded.",
    "rule.quadratic-voting": "Votes are added up (votes against subtracted); from the highest net vote down, projects that fit are funded.",
    projects: "Projects",
    project: "Project",
    add_project: "Add a project",
    name_tr: "Name (Turkish)",
    name_en: "Name (English)",
    desc_tr: "Description (Turkish)",
    desc_en: "Description (English)",
    cost: "Cost",
    categories: "Categories (comma-separated)",
    sdg: "SDG tags (e.g. SDG3, SDG11)",
    audience: "Target audience (comma-separated)",
    start: "Start date (YYYY-MM-DD)",
    address: "Location (address)",
    latitude: "Latitude",
    longitude: "Longitude",
    neighbourhood: "Neighbourhood",
    photos: "Photos",
    add_photo: "Add a photo (JPEG/PNG, at most 8 MB)",
    photo_alt: "Photo of {name}",
    import: "Import projects from a sheet (CSV, XLSX, Pabulib)",
    import_ballot: "Into ballot",
    import_file: "File",
    import_go: "Import",
    imported: "{n} projects imported.",
    row: "Row",
    column: "Column",
    message: "Problem",
    export_toml: "Download the definition (TOML)",
    export_csv: "Download the projects (CSV)",
    export_pb: "Download a Pabulib file (.pb)",
    export: "Export",
    roll: "Voter roll and credentials",
    roll_file: "Public credential list (from oylama credentials generate)",
    upload: "Upload",
    voters: "{n} voters",
    eligible: "Voters",
    fingerprint: "Fingerprint",
    ceremony: "Key ceremony",
    trustees: "Number of trustees",
    threshold: "Threshold (needed to decrypt)",
    trustee_keys: "Trustees' identity keys (one per line, base64)",
    start_ceremony: "Start the ceremony",
    tokens: "Invitation tokens — hand each to its trustee in person; they are not shown again:",
    trustee: "Trustee",
    record: "Record",
    shares: "Shares",
    commitment: "Joint key",
    partial: "Partial decryption",
    lifecycle: "Lifecycle",
    open: "Open voting",
    close: "Close voting",
    tally: "Tally",
    publish: "Publish the result",
    confirm: "{action}: are you sure? This step cannot be undone.",
    confirm_yes: "Yes, go ahead",
    cancel: "Cancel",
    done: "Done: {status}.",
    refused: "Not done: {detail}",
    turnout: "Turnout (voted / eligible; never an interim count)",
    voted: "Voted",
    window: "Voting window: {opens} – {closes}",
    unset: "not set",
    delete_test: "Delete the test election",
    deleted: "Deleted.",
    results: "Results page",
    board: "Bulletin board",
    residents: "Residents' page",
    preview: "Preview (the residents' page)",
    new_account: "New account",
    role: "Role",
    create_account: "Create the account",
    disable: "Disable",
    enable: "Enable",
    disabled: "disabled",
    assign: "Assign to election",
    staff_of: "Elections",
    when: "When",
    who: "Who",
    what: "What",
    error: "Error: {detail}",
    expired: "Your session has ended; sign in again.",
    back: "Back to the elections",
    loading: "Loading…",
    skip: "Skip to content",
    lang: "Türkçe"
  }
};
var lang = "tr";
function initLang() {
  const q = new URLSearchParams(location.search).get("lang");
  let saved = null;
  try {
    saved = localStorage.getItem("oylama-lang");
  } catch {
  }
  lang = q in M ? q : saved in M ? saved : "tr";
  document.documentElement.lang = lang;
}
function currentLang() {
  return lang;
}
function toggleLang() {
  lang = lang === "tr" ? "en" : "tr";
  document.documentElement.lang = lang;
  try {
    localStorage.setItem("oylama-lang", lang);
  } catch {
  }
}
function t(key, params = {}) {
  let s = M[lang][key] ?? M.tr[key] ?? key;
  for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

// src/console/editor.js
var KINDS = ["approval", "knapsack", "cumulative", "quadratic"];
var RULES = { approval: ["greedy", "greedy-no-skip", "max-welfare"], knapsack: ["greedy", "greedy-no-skip", "max-welfare"], cumulative: ["greedy", "greedy-no-skip", "max-welfare"], quadratic: ["quadratic-voting"] };
var UTILITIES = { approval: ["cost", "cardinality"], knapsack: ["cost", "cardinality"], cumulative: ["points"], quadratic: [] };
var PARAMS = { approval: ["min_count", "max_count"], knapsack: ["min_count", "max_count"], cumulative: ["points"], quadratic: ["max_votes", "signed", "credits"] };
var ALL_PARAMS = ["min_count", "max_count", "points", "max_votes", "signed", "credits"];
var fieldName = (path) => path.map((p, k) => typeof p === "number" ? `[${p}]` : k ? `.${p}` : p).join("");
var fieldId = (path) => `f-${path.join("-")}`;
function get(doc, path) {
  return path.reduce((o, k) => o == null ? void 0 : o[k], doc);
}
function set(doc, path, value) {
  let o = doc;
  for (const k of path.slice(0, -1)) {
    if (o[k] == null) o[k] = {};
    o = o[k];
  }
  const last = path[path.length - 1];
  if (value === void 0) delete o[last];
  else o[last] = value;
}
function emptyDocument() {
  return {
    election: { id: "", title: { tr: "" }, city: "", currency: "TRY", min_tally_ballots: 5 },
    districts: [{ id: "", name: "" }],
    ballots: [newBallot("")]
  };
}
function newBallot(district) {
  return { id: "", title: { tr: "" }, district, kind: "approval", budget: "", rule: "greedy", utility: "cost", tie_break: "file-order", min_count: 1, projects: [newProject()] };
}
function newProject() {
  return { id: "", name: { tr: "" }, cost: "" };
}
function editor(state, onSaved) {
  const { doc } = state;
  const frozen = state.frozen;
  const root = h("form", { id: "settings-form", novalidate: true, on: { submit: (e) => {
    e.preventDefault();
    save();
  } } });
  const summary = h("div", { id: "errors", role: "alert" });
  const redraw = () => {
    root.replaceChildren();
    append(root, build());
  };
  function input(path, label, { kind = "text", optional = true, list = false, number: number2 = false, area = false, hint = null } = {}) {
    const id = fieldId(path);
    let value = get(doc, path);
    if (list && Array.isArray(value)) value = value.join(", ");
    const attrs = { id, name: fieldName(path), "data-field": fieldName(path), disabled: frozen, "aria-describedby": `${id}-error` };
    const update = (e) => {
      let v = e.target.value;
      if (kind === "checkbox") v = e.target.checked ? true : void 0;
      else if (v.trim() === "" && optional) v = void 0;
      else if (list) v = v.split(",").map((x) => x.trim()).filter(Boolean);
      else if (number2 && /^-?\d+$/.test(v.trim())) v = Number(v.trim());
      else if (number2 && /^-?\d+\.\d+$/.test(v.trim()) && (path.at(-1) === "latitude" || path.at(-1) === "longitude")) v = Number(v.trim());
      set(doc, path, v);
    };
    const el = area ? h("textarea", { ...attrs, rows: 3, on: { change: update } }, value ?? "") : kind === "checkbox" ? h("input", { ...attrs, type: "checkbox", checked: value === true, on: { change: update } }) : h("input", { ...attrs, type: "text", value: value ?? "", inputmode: number2 ? "decimal" : null, on: { change: update } });
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, label),
      hint && h("p", { class: "hint" }, hint),
      el,
      h("p", { class: "field-error", id: `${id}-error` })
    );
  }
  function select(path, label, options, onChange) {
    const id = fieldId(path);
    const value = get(doc, path);
    const el = h(
      "select",
      {
        id,
        name: fieldName(path),
        "data-field": fieldName(path),
        disabled: frozen,
        "aria-describedby": `${id}-error`,
        on: { change: (e) => {
          set(doc, path, e.target.value || void 0);
          if (onChange) onChange(e.target.value);
        } }
      },
      options.map(([v, text2]) => h("option", { value: v, selected: v === value }, text2))
    );
    return h("div", { class: "field" }, h("label", { for: id }, label), el, h("p", { class: "field-error", id: `${id}-error` }));
  }
  const button = (text2, fn, attrs = {}) => frozen ? null : h("button", { type: "button", class: "secondary", ...attrs, on: { click: () => {
    fn();
    redraw();
  } } }, text2);
  function ballotSection(b, i) {
    const path = ["ballots", i];
    const districts = [...doc.districts.map((d) => [d.id, d.name || d.id]), ["city-wide", t("city_wide")]];
    const kindChanged = (kind) => {
      for (const p of ALL_PARAMS) if (!PARAMS[kind].includes(p)) delete b[p];
      if (!RULES[kind].includes(b.rule)) b.rule = RULES[kind][0];
      if (UTILITIES[kind].length === 0) delete b.utility;
      else if (!UTILITIES[kind].includes(b.utility)) b.utility = UTILITIES[kind][0];
      redraw();
    };
    const params = PARAMS[b.kind] ?? [];
    return h(
      "fieldset",
      { class: "panel", "data-field": fieldName(path) },
      h("legend", {}, `${t("ballot")} ${i + 1}`),
      input([...path, "id"], t("id"), { optional: false }),
      input([...path, "title", "tr"], t("title_tr"), { optional: false }),
      input([...path, "title", "en"], t("title_en")),
      select([...path, "district"], t("district"), districts),
      select([...path, "kind"], t("kind"), KINDS.map((k) => [k, t(`kind.${k}`)]), kindChanged),
      input([...path, "budget"], t("budget"), { optional: false, number: false }),
      params.map((p) => p === "signed" ? input([...path, p], t(p), { kind: "checkbox" }) : input([...path, p], t(p), { number: true })),
      select([...path, "rule"], t("rule"), (RULES[b.kind] ?? []).map((r) => [r, r]), () => redraw()),
      h("p", { class: "hint rule-sentence", id: `${fieldId([...path, "rule"])}-sentence` }, t(`rule.${b.rule}`)),
      UTILITIES[b.kind]?.length ? select([...path, "utility"], t("utility"), UTILITIES[b.kind].map((u) => [u, u])) : null,
      select([...path, "tie_break"], t("tie_break"), [["file-order", "file-order"], ["pabutools", "pabutools"]]),
      h("h3", { "data-field": fieldName([...path, "projects"]) }, t("projects")),
      h("p", { class: "field-error", id: `${fieldId([...path, "projects"])}-error` }),
      b.projects.map((p, j) => projectSection(p, i, j)),
      button(t("add_project"), () => b.projects.push(newProject()), { id: `add-project-${i}` }),
      doc.ballots.length > 1 ? button(t("remove"), () => doc.ballots.splice(i, 1)) : null
    );
  }
  function projectSection(p, i, j) {
    const path = ["ballots", i, "projects", j];
    const photos2 = p.photos ?? [];
    return h(
      "fieldset",
      { class: "project", "data-field": fieldName(path) },
      h("legend", {}, `${t("project")} ${j + 1}${p.name?.tr ? ` — ${p.name.tr}` : ""}`),
      h(
        "div",
        { class: "grid" },
        input([...path, "id"], t("id"), { optional: false }),
        input([...path, "cost"], t("cost"), { optional: false }),
        input([...path, "name", "tr"], t("name_tr"), { optional: false }),
        input([...path, "name", "en"], t("name_en")),
        input([...path, "description", "tr"], t("desc_tr"), { area: true }),
        input([...path, "description", "en"], t("desc_en"), { area: true }),
        input([...path, "categories"], t("categories"), { list: true }),
        input([...path, "sdg"], t("sdg"), { list: true }),
        input([...path, "audience"], t("audience"), { list: true }),
        input([...path, "start"], t("start")),
        input([...path, "address"], t("address")),
        input([...path, "neighbourhood"], t("neighbourhood")),
        input([...path, "latitude"], t("latitude"), { number: true }),
        input([...path, "longitude"], t("longitude"), { number: true })
      ),
      h(
        "div",
        { class: "photos", "data-field": fieldName([...path, "photos"]) },
        photos2.map((d) => h("img", { src: `/api/v1/elections/${eid(state.election)}/photos/${d}`, alt: t("photo_alt", { name: p.name?.tr ?? p.id }), width: 120, height: 90 })),
        state.election && !frozen ? photoInput(p, path) : null,
        h("p", { class: "field-error", id: `${fieldId([...path, "photos"])}-error` })
      ),
      doc.ballots[i].projects.length > 1 ? button(t("remove"), () => doc.ballots[i].projects.splice(j, 1)) : null
    );
  }
  function photoInput(p, path) {
    const id = `${fieldId(path)}-photo`;
    const status = h("p", { class: "hint", role: "status" });
    return h(
      "div",
      {},
      h("label", { for: id }, t("add_photo")),
      h("input", { id, type: "file", accept: "image/jpeg,image/png,image/webp", on: { change: async (e) => {
        const file = e.target.files[0];
        if (!file) return;
        try {
          const out = await api("POST", `/elections/${eid(state.election)}/photos`, { data: await fileBase64(file) });
          p.photos = [...p.photos ?? [], out.digest];
          redraw();
        } catch (err) {
          status.textContent = t("refused", { detail: err.message });
          status.className = "field-error";
        }
      } } }),
      status
    );
  }
  function build() {
    const e = ["election"];
    return [
      summary,
      h(
        "fieldset",
        { class: "panel" },
        h("legend", {}, t("election")),
        input([...e, "id"], t("id"), { optional: false }),
        input([...e, "title", "tr"], t("title_tr"), { optional: false }),
        input([...e, "title", "en"], t("title_en")),
        input([...e, "city"], t("city"), { optional: false }),
        input([...e, "currency"], t("currency"), { optional: false }),
        input([...e, "opens"], t("opens")),
        input([...e, "closes"], t("closes")),
        input([...e, "min_tally_ballots"], t("min_tally"), { number: true, optional: false }),
        state.election === null ? h("div", { class: "field" }, h("label", { class: "inline" }, h("input", { type: "checkbox", id: "test-election", on: { change: (ev) => {
          state.test = ev.target.checked;
        } } }), ` ${t("test")}`)) : null
      ),
      h(
        "fieldset",
        { class: "panel", "data-field": "districts" },
        h("legend", {}, t("districts")),
        h("p", { class: "field-error", id: `${fieldId(["districts"])}-error` }),
        doc.districts.map((d, k) => h(
          "div",
          { class: "grid" },
          input(["districts", k, "id"], `${t("district")} ${k + 1}: ${t("id")}`, { optional: false }),
          input(["districts", k, "name"], `${t("district")} ${k + 1}: ${t("name")}`, { optional: false }),
          doc.districts.length > 1 ? button(t("remove"), () => doc.districts.splice(k, 1)) : null
        )),
        button(t("add_district"), () => doc.districts.push({ id: "", name: "" }), { id: "add-district" })
      ),
      h("h2", { "data-field": "ballots" }, t("ballots")),
      h("p", { class: "field-error", id: `${fieldId(["ballots"])}-error` }),
      doc.ballots.map((b, i) => ballotSection(b, i)),
      button(t("add_ballot"), () => doc.ballots.push(newBallot(doc.districts[0]?.id ?? "city-wide")), { id: "add-ballot" }),
      frozen ? null : h("p", {}, h("button", { type: "submit", class: "primary", id: "save" }, state.election === null ? t("create") : t("save")))
    ];
  }
  function showErrors(errors) {
    for (const el of root.querySelectorAll(".field-error")) el.textContent = "";
    for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    summary.replaceChildren();
    summary.className = "";
    if (!errors.length) return;
    summary.className = "msg error";
    summary.append(h("p", {}, t("fix", { n: errors.length })));
    const list = h("ul");
    let first = null;
    for (const e of errors) {
      let name = e.field;
      let slot = null;
      while (name && !slot) {
        const input2 = root.querySelector(`[data-field="${CSS.escape(name)}"]`);
        slot = input2 ? root.querySelector(`#${CSS.escape(`f-${name.replace(/\[(\d+)\]/g, ".$1").split(".").join("-")}-error`)}`) : null;
        if (input2 && input2.matches("input, select, textarea")) {
          input2.setAttribute("aria-invalid", "true");
          first ?? (first = input2);
        }
        if (!slot) name = name.replace(/(\.[^.[]+|\[\d+\])$/, "");
      }
      if (slot) slot.textContent = slot.textContent ? `${slot.textContent} ${e.message}` : e.message;
      list.append(h("li", {}, `${e.field || t("election")}: ${e.message}`));
    }
    summary.append(list);
    (first ?? summary).focus();
  }
  async function save() {
    showErrors([]);
    try {
      const view = state.election === null ? await api("POST", "/elections", { document: doc, test: Boolean(state.test) }) : await api("PUT", `/elections/${eid(state.election)}/definition`, { document: doc });
      showErrors([]);
      summary.className = "msg ok";
      summary.textContent = t("saved");
      onSaved(view);
    } catch (err) {
      if (err.errors?.length) showErrors(err.errors);
      else showErrors([{ field: "", message: err.message }]);
    }
  }
  redraw();
  return root;
}

// src/app/i18n.js
var messages = {};
var lang2 = "tr";
async function loadLang(code) {
  let r = await fetch(`/_web/i18n/${code}.json`);
  if (!r.ok && code !== "tr") {
    code = "tr";
    r = await fetch("/_web/i18n/tr.json");
  }
  if (!r.ok) throw new Error(`messages ${code}: ${r.status}`);
  messages = await r.json();
  lang2 = code;
  document.documentElement.lang = code;
  document.documentElement.dir = messages["lang.dir"] === "rtl" ? "rtl" : "ltr";
  try {
    localStorage.setItem("oylama-lang", code);
  } catch {
  }
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t2(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-label]")) el.setAttribute("aria-label", t2(el.dataset.i18nLabel));
}
var ONES = ["sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"];
var TENS = ["", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan"];
function lastTurkishWord(formatted) {
  const m = /(\d[\d.\s\u00a0\u202f]*)(?:,(\d+))?\D*$/.exec(String(formatted));
  if (!m) return null;
  const digits = m[2] !== void 0 ? m[2].replace(/^0+(?=\d)/, "") : m[1].replace(/\D/g, "");
  const n = BigInt(digits || "0");
  if (n === 0n) return ONES[0];
  if (n % 10n) return ONES[Number(n % 10n)];
  if (n % 100n) return TENS[Number(n % 100n / 10n)];
  if (n % 1000n) return "yüz";
  if (n % 1000000n) return "bin";
  if (n % 1000000000n) return "milyon";
  if (n % 1000000000000n) return "milyar";
  return "trilyon";
}
var VOWELS = "aıoueiöü";
function turkishSuffix(word, kase) {
  const v = [...word].reverse().find((c) => VOWELS.includes(c)) ?? "e";
  const back = "aıou".includes(v);
  const round = "oöuü".includes(v);
  const four = back ? round ? "u" : "ı" : round ? "ü" : "i";
  const two = back ? "a" : "e";
  const endsVowel = VOWELS.includes(word[word.length - 1]);
  const hard = "fstkçşhp".includes(word[word.length - 1]);
  switch (kase) {
    case "poss":
      return (endsVowel ? "s" : "") + four;
    case "acc":
      return (endsVowel ? "y" : "") + four;
    case "gen":
      return (endsVowel ? "n" : "") + four + "n";
    case "dat":
      return (endsVowel ? "y" : "") + two;
    case "loc":
      return (hard ? "t" : "d") + two;
    case "abl":
      return (hard ? "t" : "d") + two + "n";
    default:
      throw new Error(`unknown case ${kase}`);
  }
}
function withSuffix(formatted, kase) {
  const word = lastTurkishWord(formatted);
  return word ? `${formatted}'${turkishSuffix(word, kase)}` : String(formatted);
}
function t2(key, params = {}) {
  const text2 = messages[key];
  if (text2 === void 0) return key;
  return text2.replace(/\{([a-zA-Z_]+)(?:\+([a-z]+))?\}/g, (all, name, kase) => {
    if (!(name in params)) return all;
    const v = String(params[name]);
    return kase && lang2 === "tr" ? withSuffix(v, kase) : v;
  });
}
function has(key) {
  return key in messages;
}
function text(tx) {
  if (!tx) return "";
  if (typeof tx === "string") return tx;
  return tx[lang2] || lang2 !== "tr" && tx.en || tx.tr;
}
function locale() {
  return messages["lang.locale"] || ({ tr: "tr-TR", en: "en-GB" }[lang2] ?? lang2);
}
function money(amount, currency) {
  const n = Number(amount);
  try {
    return new Intl.NumberFormat(locale(), { style: "currency", currency, maximumFractionDigits: 2 }).format(n);
  } catch {
    return `${new Intl.NumberFormat(locale()).format(n)} ${currency}`;
  }
}
var TIME_ZONE = "Europe/Istanbul";
function date(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), { dateStyle: "long", timeZone: TIME_ZONE }).format(d);
}

// src/app/projects.js
var KNOWN = /* @__PURE__ */ new Set(["id", "name", "cost", "description", "categories", "sdg", "latitude", "longitude", "neighbourhood", "photos", "photo", "audience", "start_date", "starts", "start"]);
var projectUrl = (electionId, ballotId, projectId) => `/elections/${encodeURIComponent(electionId)}/projects/${encodeURIComponent(ballotId)}/${encodeURIComponent(projectId)}`;
function districtName(definition, id) {
  if (id === "city-wide") return t2("project.city_wide");
  return definition?.districts?.find((d) => d.id === id)?.name ?? id;
}
function photos(dp, eid2) {
  if (!dp) return [];
  const raw = Array.isArray(dp.photos) ? dp.photos : dp.photo ? [dp.photo] : [];
  return raw.map((x) => {
    if (typeof x === "string" && /^[0-9a-f]{64}$/.test(x) && eid2) {
      return { url: `/api/v1/elections/${encodeURIComponent(eid2)}/photos/${x}`, alt: null };
    }
    return typeof x === "string" ? { url: x, alt: null } : { url: x?.url ?? x?.path, alt: x?.alt ?? null };
  }).filter((x) => typeof x.url === "string" && x.url.startsWith("/") && !x.url.startsWith("//"));
}
function startDate(dp) {
  return dp?.start_date ?? dp?.starts ?? dp?.start ?? null;
}
function sdgTags(list) {
  return list.map((g) => {
    const n = String(g).replace(/^SDG/, "");
    return h("span", { class: "tag sdg", title: t2(`sdg.${g}`) }, t2("project.sdg_tag", { n }), " ", h("span", { class: "sdg-name" }, t2(`sdg.${g}`)));
  });
}
function plain(value) {
  if (value === null || value === void 0) return null;
  if (Array.isArray(value)) return value.map(plain).filter(Boolean).join(", ");
  if (typeof value === "object") return typeof value.tr === "string" ? text(value) : null;
  return String(value);
}
function projectCard(el, ballot, p, dp, { compact = false, heading = "h3", link: link2 = true } = {}) {
  const currency = el.manifest?.currency ?? el.definition?.election?.currency ?? "TRY";
  const pics = photos(dp, el.id);
  const desc = dp?.description ? text(dp.description) : null;
  const audience = dp?.audience ? plain(dp.audience) : null;
  const start = startDate(dp);
  const extra = dp ? Object.entries(dp).filter(([k, v]) => !KNOWN.has(k) && plain(v)) : [];
  const cats = p.categories ?? dp?.categories ?? [];
  const sdg = p.sdg ?? dp?.sdg ?? [];
  const url = projectUrl(el.id, ballot.id, p.id);
  return h(
    "article",
    { class: "card project", "data-project": p.id },
    pics.length ? h("img", { class: compact ? "photo thumb" : "photo", src: pics[0].url, alt: pics[0].alt ? text(pics[0].alt) : t2("project.photo_of", { name: text(p.name) }), loading: "lazy" }) : null,
    h(heading, {}, text(p.name)),
    desc ? h("p", { class: "description" }, desc) : null,
    h(
      "dl",
      { class: "facts" },
      h("div", {}, h("dt", {}, t2("project.cost")), h("dd", { class: "cost" }, money(p.cost, currency))),
      h("div", {}, h("dt", {}, t2("project.district")), h("dd", {}, districtName(el.definition, ballot.district))),
      p.neighbourhood ? h("div", {}, h("dt", {}, t2("project.place")), h("dd", {}, p.neighbourhood)) : null,
      audience ? h("div", {}, h("dt", {}, t2("project.audience")), h("dd", {}, audience)) : null,
      start ? h("div", {}, h("dt", {}, t2("project.start")), h("dd", {}, date(start))) : null,
      ...extra.map(([k, v]) => h("div", {}, h("dt", {}, has(`field.${k}`) ? t2(`field.${k}`) : k), h("dd", {}, plain(v))))
    ),
    cats.length ? h("p", { class: "meta" }, h("span", { class: "visually-hidden" }, t2("project.categories")), cats.map((c) => h("span", { class: "tag" }, c))) : null,
    sdg.length ? h("p", { class: "meta" }, h("span", { class: "visually-hidden" }, t2("project.sdg")), sdgTags(sdg)) : null,
    link2 ? h("p", { class: "more" }, h("a", compact ? { href: url, target: "_blank", rel: "noopener" } : { href: url }, t2("project.details", { name: text(p.name) }))) : null
  );
}

// src/console/main.js
var me = null;
var timer = null;
function go(path) {
  history.pushState(null, "", path);
  show();
}
var link = (href, text2, attrs = {}) => h("a", { href, ...attrs, on: { click: (e) => {
  e.preventDefault();
  go(href);
} } }, text2);
function route() {
  const parts = location.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[1] === "elections" && parts[2]) return { page: "election", id: parts[2] };
  return { page: parts[1] ?? "home" };
}
function header() {
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  const nav = document.getElementById("nav");
  nav.replaceChildren();
  const who = document.getElementById("who");
  who.replaceChildren();
  document.getElementById("lang").textContent = t("lang");
  if (!me) return;
  nav.append(link("/staff", t("elections")));
  if (me.role === "admin") nav.append(link("/staff/accounts", t("accounts"), { id: "accounts-link" }), link("/staff/audit", t("audit"), { id: "audit-link" }));
  who.append(
    h("span", {}, t("signed_in", { name: me.username, role: me.role })),
    " ",
    h("button", { type: "button", class: "lang", id: "sign-out", on: { click: signOut } }, t("signout"))
  );
}
function signInPage(note = null) {
  header();
  const err = h("p", { id: "sign-in-error", class: "field-error", role: "alert" }, note ?? "");
  const form = h(
    "form",
    { class: "panel narrow", on: { submit: async (e) => {
      e.preventDefault();
      err.textContent = "";
      try {
        me = await api("POST", "/session", { username: form.username.value, password: form.password.value, cookie: true });
        setCsrf(me.csrf_token);
        show();
      } catch (x) {
        err.textContent = x.message;
        form.password.focus();
      }
    } } },
    h("label", { for: "username" }, t("username")),
    h("input", { type: "text", id: "username", name: "username", autocomplete: "username", required: true }),
    h("label", { for: "password" }, t("password")),
    h("input", { type: "password", id: "password", name: "password", autocomplete: "current-password", required: true }),
    err,
    h("button", { type: "submit", class: "primary", id: "sign-in" }, t("signin_go"))
  );
  render(h("h1", {}, t("signin")), form);
}
async function signOut() {
  try {
    await api("DELETE", "/session");
  } catch {
  }
  me = null;
  setCsrf(null);
  history.pushState(null, "", "/staff");
  signInPage();
}
var statusText = (s) => t(`status.${s}`);
async function homePage() {
  const list = await api("GET", "/console/elections");
  const rows = list.map((e) => h(
    "li",
    { class: "card" },
    h("h2", {}, link(`/staff/elections/${eid(e.id)}`, e.title, { "data-election": e.id })),
    h("p", { class: "meta" }, `${e.id} · ${statusText(e.status)}`, e.test ? h("span", { class: "badge test" }, t("test_badge")) : null)
  ));
  render(
    h("h1", {}, t("elections")),
    me.role === "staff" ? h("p", {}, h("button", { type: "button", class: "primary", id: "new-election", on: { click: () => go("/staff/new") } }, t("new_election"))) : null,
    rows.length ? h("ul", { class: "cards" }, rows) : h("p", {}, t("none"))
  );
}
function newPage() {
  const state = { doc: emptyDocument(), election: null, frozen: false, test: false };
  render(h("h1", {}, t("new_election")), editor(state, (view) => go(`/staff/elections/${eid(view.id)}`)));
}
function table(head, rows) {
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, head.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c, k) => k === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c)))))
  );
}
function lifecycle(view, refresh) {
  const msg = h("div", { id: "lifecycle-msg", role: "status" });
  const confirmBox = h("div", { id: "confirm-box" });
  const step = (action, label) => h("button", { type: "button", class: "secondary", id: `do-${action}`, on: { click: () => {
    confirmBox.replaceChildren(h(
      "div",
      { class: "msg", role: "alertdialog", "aria-labelledby": "confirm-text" },
      h("p", { id: "confirm-text" }, t("confirm", { action: label })),
      h("button", { type: "button", class: "primary", id: "confirm-yes", on: { click: async () => {
        confirmBox.replaceChildren();
        msg.className = "msg";
        msg.textContent = t("loading");
        try {
          const out = await api("POST", `/elections/${eid(view.id)}/${action}`);
          msg.className = "msg ok";
          msg.textContent = t("done", { status: statusText(out.status) });
          await refresh(msg.textContent);
        } catch (x) {
          msg.className = "msg error";
          msg.textContent = t("refused", { detail: x.message });
        }
      } } }, t("confirm_yes")),
      h("button", { type: "button", class: "secondary", on: { click: () => confirmBox.replaceChildren() } }, t("cancel"))
    ));
    confirmBox.querySelector("#confirm-yes").focus();
  } } }, label);
  return h(
    "section",
    { class: "panel", id: "lifecycle" },
    h("h2", {}, t("lifecycle")),
    h("p", {}, `${t("status")}: `, h("strong", { id: "status-text" }, statusText(view.status))),
    step("open", t("open")),
    step("close", t("close")),
    step("tally", t("tally")),
    step("publish", t("publish")),
    confirmBox,
    msg
  );
}
function ceremony(view, staff, refresh) {
  const sec = h("section", { class: "panel", id: "ceremony" }, h("h2", {}, t("ceremony")));
  if (view.status === "draft") {
    const err = h("p", { class: "field-error", id: "ceremony-error", role: "alert" });
    const n = h("input", { type: "number", id: "trustees", min: 1, value: 3 });
    const k = h("input", { type: "number", id: "threshold", min: 1, value: 2 });
    const keys = h("textarea", { id: "trustee-keys", rows: 4 });
    sec.append(
      h("label", { for: "trustees" }, t("trustees")),
      n,
      h("label", { for: "threshold" }, t("threshold")),
      k,
      h("label", { for: "trustee-keys" }, t("trustee_keys")),
      keys,
      err,
      h("button", { type: "button", class: "primary", id: "start-ceremony", on: { click: async () => {
        err.textContent = "";
        try {
          const out = await api("POST", `/elections/${eid(view.id)}/ceremony`, {
            trustees: Number(n.value),
            threshold: Number(k.value),
            trustee_keys: keys.value.split("\n").map((x) => x.trim()).filter((x) => x && !x.startsWith("#"))
          });
          await refresh(null, out.trustee_tokens);
        } catch (x) {
          err.textContent = x.message;
        }
      } } }, t("start_ceremony"))
    );
  }
  if (staff.trustees?.length) {
    const mark = (b) => b ? "✓" : "–";
    sec.append(table(
      [t("trustee"), t("record"), t("shares"), t("commitment"), t("partial")],
      staff.trustees.map((x) => [String(x.index), mark(x.record), mark(x.shares), mark(x.commitment), mark(x.partial)])
    ));
  }
  return sec;
}
function roll(view, staff, refresh) {
  const err = h("p", { class: "field-error", id: "credentials-error", role: "alert" });
  const file = h("input", { type: "file", id: "credentials-file", accept: ".txt,.csv,text/plain" });
  const counts = Object.entries(staff.voters_by_district ?? {});
  return h(
    "section",
    { class: "panel", id: "roll" },
    h("h2", {}, t("roll")),
    view.voters != null ? h("p", { id: "voter-count" }, t("voters", { n: view.voters }), ` · ${t("fingerprint")}: `, h("code", {}, view.credentials)) : null,
    counts.length ? table([t("district"), t("eligible")], counts.map(([d, c]) => [d, String(c)])) : null,
    view.status === "draft" ? [
      h("label", { for: "credentials-file" }, t("roll_file")),
      file,
      err,
      h("button", { type: "button", class: "secondary", id: "upload-credentials", on: { click: async () => {
        err.textContent = "";
        try {
          await api("PUT", `/elections/${eid(view.id)}/credentials`, { list: await file.files[0].text() });
          await refresh();
        } catch (x) {
          err.textContent = x.message;
        }
      } } }, t("upload"))
    ] : null
  );
}
function importer(view, staff, refresh) {
  const report = h("div", { id: "import-report", role: "status" });
  const ballot = h("select", { id: "import-ballot" }, staff.document.ballots.map((b) => h("option", { value: b.id }, b.id)));
  const file = h("input", { type: "file", id: "import-file", accept: ".csv,.xlsx,.pb,text/csv" });
  return h(
    "section",
    { class: "panel", id: "import" },
    h("h2", {}, t("import")),
    h("label", { for: "import-ballot" }, t("import_ballot")),
    ballot,
    h("label", { for: "import-file" }, t("import_file")),
    file,
    h("button", { type: "button", class: "secondary", id: "import-go", on: { click: async () => {
      report.replaceChildren();
      const f = file.files[0];
      if (!f) return;
      const format = f.name.endsWith(".xlsx") ? "xlsx" : f.name.endsWith(".pb") ? "pabulib" : "csv";
      try {
        const out = await api("POST", `/elections/${eid(view.id)}/projects/import`, { ballot: ballot.value, format, data: await fileBase64(f) });
        await refresh(t("imported", { n: out.imported }));
      } catch (x) {
        report.className = "msg error";
        report.append(h("p", {}, x.message));
        if (x.errors?.length) report.append(table([t("row"), t("column"), t("message")], x.errors.map((e) => [String(e.row ?? ""), e.column ?? e.field ?? "", e.message])));
      }
    } } }, t("import_go")),
    report
  );
}
function exporter(view, staff) {
  const url = (q) => `/api/v1/elections/${eid(view.id)}/export?${q}`;
  return h(
    "section",
    { class: "panel", id: "export" },
    h("h2", {}, t("export")),
    h("p", {}, h("a", { href: url("format=toml"), download: `${view.id}.toml` }, t("export_toml"))),
    h("ul", {}, staff.document.ballots.map((b) => h(
      "li",
      {},
      `${b.id}: `,
      h("a", { href: url(`format=csv&ballot=${eid(b.id)}`), download: `${b.id}.csv` }, t("export_csv")),
      " · ",
      h("a", { href: url(`format=pabulib&ballot=${eid(b.id)}`), download: `${b.id}.pb`, "data-export": "pabulib" }, t("export_pb"))
    )))
  );
}
function previewSection(view) {
  const out = h("div", { id: "preview-frames" });
  return h(
    "section",
    { class: "panel", id: "preview" },
    h("h2", {}, t("preview")),
    h("button", { type: "button", class: "secondary", id: "show-preview", on: { click: async () => {
      try {
        const got = await api("GET", `/elections/${eid(view.id)}/preview`);
        await loadLang(currentLang());
        header();
        const defs = new Map(got.definition.ballots.map((b) => [b.id, new Map(b.projects.map((p) => [p.id, p]))]));
        const el = { id: view.id, manifest: got.manifest, definition: got.definition };
        const ballot = (b) => h(
          "div",
          {},
          h("h3", {}, text(b.title)),
          h("ul", { class: "cards" }, b.projects.map((p) => h("li", {}, projectCard(el, b, p, defs.get(b.id)?.get(p.id), { link: false }))))
        );
        out.replaceChildren(
          h("figure", { class: "preview phone", tabindex: "0" }, h("figcaption", {}, "360 px"), got.manifest.ballots.map(ballot)),
          h("figure", { class: "preview desktop", tabindex: "0" }, h("figcaption", {}, "desktop"), got.manifest.ballots.map(ballot))
        );
      } catch (x) {
        out.replaceChildren(h("p", { class: "msg error" }, x.message));
      }
    } } }, t("preview")),
    out
  );
}
async function turnoutSection(view) {
  const out = await api("GET", `/elections/${eid(view.id)}/turnout`);
  return h(
    "section",
    { class: "panel", id: "turnout", "aria-live": "polite" },
    h("h2", {}, t("turnout")),
    table([t("district"), t("voted"), t("eligible")], out.districts.map((d) => [d.district, String(d.voted), String(d.eligible)]))
  );
}
async function electionPage(id, note = null, tokens = null) {
  const [staff, view] = await Promise.all([api("GET", `/elections/${eid(id)}/staff-view`), api("GET", `/elections/${eid(id)}`)]);
  const refresh = (text2 = null, toks = null) => electionPage(id, text2, toks);
  const frozen = staff.status !== "draft";
  const doc = structuredClone(staff.document);
  const m = staff.document.election;
  const parts = [
    h("h1", {}, staff.title, staff.test ? h("span", { class: "badge test" }, t("test_badge")) : null),
    note ? h("p", { class: "msg ok", role: "status", id: "page-note" }, note) : null,
    h("p", { id: "window" }, t("window", { opens: m.opens ?? t("unset"), closes: m.closes ?? t("unset") })),
    h(
      "p",
      {},
      h("a", { href: `/elections/${eid(id)}` }, t("residents")),
      " · ",
      h("a", { href: `/elections/${eid(id)}/board` }, t("board")),
      " · ",
      h("a", { href: `/elections/${eid(id)}/results` }, t("results"))
    ),
    tokens ? h("div", { class: "msg", id: "tokens" }, h("p", {}, t("tokens")), h("ol", {}, tokens.map((x) => h("li", {}, h("code", { class: "token" }, x))))) : null,
    lifecycle(view, refresh),
    ["open", "closed", "tallied", "published"].includes(staff.status) ? await turnoutSection(view) : null,
    ceremony(view, staff, refresh),
    roll(view, staff, refresh),
    frozen ? null : importer(view, staff, refresh),
    exporter(view, staff),
    previewSection(view),
    h("h2", {}, t("settings")),
    frozen ? h("p", { class: "msg", id: "frozen" }, t("frozen")) : null,
    editor({ doc, election: id, frozen }, (v) => refresh(t("saved"))),
    staff.test ? h("p", {}, h("button", { type: "button", class: "secondary", id: "delete-test", on: { click: async () => {
      await api("DELETE", `/elections/${eid(id)}`);
      go("/staff");
    } } }, t("delete_test"))) : null
  ];
  render(...parts);
  if (note) announce(note);
  if (staff.status === "open") {
    timer = setInterval(async () => {
      const old = document.getElementById("turnout");
      if (!old) {
        clearInterval(timer);
        return;
      }
      try {
        old.replaceWith(await turnoutSection(view));
      } catch {
      }
    }, 5e3);
  }
}
async function accountsPage(note = null) {
  const [accounts, elections] = await Promise.all([api("GET", "/accounts"), api("GET", "/console/elections")]);
  const err = h("p", { class: "field-error", id: "account-error", role: "alert" });
  const name = h("input", { type: "text", id: "new-username", autocomplete: "off" });
  const pass = h("input", { type: "password", id: "new-password", autocomplete: "new-password" });
  const role = h("select", { id: "new-role" }, ["staff", "observer", "admin"].map((r) => h("option", { value: r }, r)));
  const user = h("select", { id: "assign-user" }, accounts.filter((a) => a.role === "staff").map((a) => h("option", { value: a.username }, a.username)));
  const election = h("select", { id: "assign-election" }, elections.map((e) => h("option", { value: e.id }, e.id)));
  const act = async (fn) => {
    err.textContent = "";
    try {
      await fn();
      await accountsPage(t("saved"));
    } catch (x) {
      err.textContent = x.message;
    }
  };
  render(
    h("h1", {}, t("accounts")),
    note ? h("p", { class: "msg ok", role: "status" }, note) : null,
    table([t("username"), t("role"), t("staff_of"), ""], accounts.map((a) => [
      a.username,
      a.role + (a.disabled ? ` (${t("disabled")})` : ""),
      a.elections.join(", "),
      h("button", { type: "button", class: "secondary", "data-account": a.username, on: { click: () => act(() => api("PATCH", `/accounts/${eid(a.username)}`, { disabled: !a.disabled })) } }, a.disabled ? t("enable") : t("disable"))
    ])),
    h(
      "section",
      { class: "panel" },
      h("h2", {}, t("new_account")),
      h("label", { for: "new-username" }, t("username")),
      name,
      h("label", { for: "new-password" }, t("password")),
      pass,
      h("label", { for: "new-role" }, t("role")),
      role,
      h("button", { type: "button", class: "primary", id: "create-account", on: { click: () => act(() => api("POST", "/accounts", { username: name.value, password: pass.value, role: role.value })) } }, t("create_account"))
    ),
    h(
      "section",
      { class: "panel" },
      h("h2", {}, t("assign")),
      h("label", { for: "assign-user" }, t("username")),
      user,
      h("label", { for: "assign-election" }, t("election")),
      election,
      h("button", { type: "button", class: "primary", id: "assign", on: { click: () => act(() => api("POST", `/elections/${eid(election.value)}/staff`, { username: user.value })) } }, t("assign"))
    ),
    err
  );
}
async function auditPage() {
  const events = await api("GET", "/audit");
  render(h("h1", {}, t("audit")), table(
    [t("when"), t("who"), t("what"), t("election")],
    events.map((e) => [new Date(e.at).toISOString(), e.username, `${e.action} ${e.detail}`, e.election ?? ""])
  ));
}
async function show() {
  clearInterval(timer);
  if (!me) {
    signInPage();
    return;
  }
  header();
  const r = route();
  document.title = `${t("brand")}`;
  try {
    if (r.page === "election") await electionPage(r.id);
    else if (r.page === "new") newPage();
    else if (r.page === "accounts") await accountsPage();
    else if (r.page === "audit") await auditPage();
    else await homePage();
  } catch (x) {
    if (x instanceof ApiError && x.status === 401) return;
    render(h("h1", {}, t("error", { detail: "" })), h("p", { class: "msg error", role: "alert" }, x.message), h("p", {}, link("/staff", t("back"))));
  }
}
async function boot() {
  initLang();
  whenExpired(() => {
    me = null;
    setCsrf(null);
    signInPage(t("expired"));
  });
  document.getElementById("lang").addEventListener("click", () => {
    toggleLang();
    show();
  });
  window.addEventListener("popstate", show);
  try {
    me = await api("GET", "/session");
    setCsrf(me.csrf_token);
  } catch {
    me = null;
  }
  await show();
}
boot();
