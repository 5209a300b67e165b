// The console's messages, Turkish and English (the residents' catalogues stay theirs: the
// residents' pages never load these). The language is shared with the residents' pages
// (localStorage "oylama-lang", ?lang=).

const M = {
  tr: {
    brand: 'Katılımcı Bütçe — Personel', signin: 'Personel girişi', username: 'Kullanıcı adı', password: 'Parola',
    signin_go: 'Giriş yap', signout: 'Çıkış', signed_in: '{name} ({role})', elections: 'Seçimler', new_election: 'Yeni seçim',
    accounts: 'Hesaplar', audit: 'Denetim kaydı', none: 'Henüz seçim yok.', test_badge: 'TEST SEÇİMİ',
    status: 'Durum', 'status.draft': 'taslak', 'status.ceremony': 'anahtar töreni', 'status.open': 'oylama açık',
    'status.closed': 'kapandı', 'status.tallied': 'sayıldı', 'status.published': 'yayımlandı',
    settings: 'Ayarlar', frozen: 'Ayarlar anahtar töreni başlayınca dondu; artık değiştirilemez.',
    save: 'Kaydet', create: 'Seçimi oluştur', saved: 'Kaydedildi.', fix: 'Düzeltilmesi gereken {n} alan var.',
    election: 'Seçim', id: 'Kimlik (değişmez)', title_tr: 'Başlık (Türkçe)', title_en: 'Başlık (İngilizce)', city: 'Şehir',
    currency: 'Para birimi', opens: 'Açılış (ör. 2027-03-01T09:00:00+03:00)', closes: 'Kapanış',
    proposals_opens: 'Öneri dönemi başlangıcı', proposals_closes: 'Öneri dönemi bitişi', review_opens: 'İnceleme başlangıcı', review_closes: 'İnceleme bitişi', implementation_opens: 'Uygulama dönemi başlangıcı',
    min_tally: 'Sayım için en az oy pusulası',
    test: 'Test seçimi (açıkça işaretlenir, silinebilir)', districts: 'İlçeler / mahalleler', district: 'İlçe', name: 'Ad',
    add_district: 'İlçe ekle', remove: 'Kaldır', ballots: 'Oy pusulaları', ballot: 'Oy pusulası', add_ballot: 'Oy pusulası ekle',
    kind: 'Tür', 'kind.approval': 'Onay (beğendiklerini seç)', 'kind.knapsack': 'Bütçe sepeti (bütçeye sığanı seç)',
    'kind.cumulative': 'Puan dağıt', 'kind.quadratic': 'Kuadratik (oy kredisi)', budget: 'Bütçe', min_count: 'En az seçim',
    max_count: 'En çok seçim (boş: sınırsız)', points: 'Puan', max_votes: 'Proje başına en çok oy', credits: 'Oy kredisi',
    signed: 'Karşı oy verilebilir', rule: 'Dağıtım kuralı', utility: 'Fayda', tie_break: 'Eşitlikte', city_wide: 'Tüm şehir',
    'rule.greedy': 'En çok oy alandan başlanır; bütçeye sığan her proje fonlanır, sığmayan atlanır.',
    'rule.greedy-no-skip': 'En çok oy alandan başlanır; bütçeye sığmayan ilk projede dağıtım durur.',
    'rule.max-welfare': 'Bütçeye sığan projeler arasından toplam desteği en yüksek olan küme seçilir.',
    'rule.quadratic-voting': 'Oylar toplanır (karşı oylar düşülür); en çok net oy alandan başlanarak bütçeye sığanlar fonlanır.',
    projects: 'Projeler', project: 'Proje', add_project: 'Proje ekle', name_tr: 'Ad (Türkçe)', name_en: 'Ad (İngilizce)',
    desc_tr: 'Açıklama (Türkçe)', desc_en: 'Açıklama (İngilizce)', cost: 'Maliyet', categories: 'Kategoriler (virgülle)',
    sdg: 'SKA etiketleri (ör. SDG3, SDG11)', audience: 'Hedef kitle (virgülle)', start: 'Başlangıç tarihi (YYYY-AA-GG)',
    address: 'Konum (adres)', latitude: 'Enlem', longitude: 'Boylam', neighbourhood: 'Mahalle', photos: 'Fotoğraflar',
    add_photo: 'Fotoğraf ekle (JPEG/PNG, en çok 8 MB)', photo_alt: '{name} fotoğrafı', pick_on_map: 'Haritada seç', pick_hint: 'Haritada projenin yerine tıklayın; enlem ve boylam doldurulur (yazarak da girilebilir).', pick_no_tiles: 'Harita sunucusu yapılandırılmadığı için enlem ve boylam yazılarak girilir.',
    import: 'Projeleri tablodan al (CSV, XLSX, Pabulib)', import_ballot: 'Hangi oy pusulasına', import_file: 'Dosya', import_go: 'İçe aktar',
    imported: '{n} proje alındı.', row: 'Satır', column: 'Sütun', message: 'Sorun', export_toml: 'Tanımı indir (TOML)', export_csv: 'Projeleri indir (CSV)', export_pb: 'Pabulib dosyası indir (.pb)', export: 'Dışa aktar', desktop: 'masaüstü', preview_frame: '{ballot} önizlemesi, {width}', toml_load: 'Tanım dosyasından yükle (TOML)', toml_file: 'TOML dosyası', toml_go: 'Dosyadaki tanımı kaydet',
    roll: 'Seçmen listesi ve kimlik bilgileri', roll_file: 'Açık kimlik listesi (oylama credentials generate çıktısı)', upload: 'Yükle',
    voters: '{n} seçmen', eligible: 'Seçmen', fingerprint: 'Parmak izi',
    ceremony: 'Anahtar töreni', trustees: 'Güvenilir kişi sayısı', threshold: 'Eşik (şifre çözmek için gereken)',
    trustee_keys: 'Güvenilir kişilerin kimlik anahtarları (her satıra bir, base64)', start_ceremony: 'Töreni başlat',
    tokens: 'Davet jetonları — her birini ilgili güvenilir kişiye elden verin; bir daha gösterilmez:',
    trustee: 'Güvenilir kişi', record: 'Kayıt', shares: 'Paylar', commitment: 'Ortak anahtar', partial: 'Kısmi çözüm',
    lifecycle: 'Seçim akışı', open: 'Oylamayı aç', close: 'Oylamayı kapat', tally: 'Say', publish: 'Sonucu yayımla',
    confirm: '{action}: emin misiniz? Bu adım geri alınamaz.', confirm_yes: 'Evet, devam', cancel: 'Vazgeç', done: 'Tamam: {status}.',
    refused: 'Yapılamadı: {detail}', turnout: 'Katılım (oy kullanan / seçmen; ara sonuç yoktur)', voted: 'Oy kullanan',
    window: 'Oylama zamanı: {opens} – {closes}', unset: 'belirtilmedi', delete_test: 'Test seçimini sil',
    deleted: 'Silindi.', results: 'Sonuç sayfası', board: 'İlan tahtası', residents: 'Seçmen sayfası',
    preview: 'Önizleme (seçmenlerin göreceği sayfa)', new_account: 'Yeni hesap', role: 'Rol', create_account: 'Hesap oluştur',
    disable: 'Devre dışı bırak', enable: 'Etkinleştir', disabled: 'devre dışı', assign: 'Seçime ata', staff_of: 'Seçimleri',
    when: 'Zaman', who: 'Kim', what: 'Ne', error: 'Hata: {detail}', expired: 'Oturumunuz sona erdi; tekrar giriş yapın.',
    back: 'Seçimlere dön', loading: 'Yükleniyor…', skip: 'İçeriğe geç', lang: 'English',
    proposals: 'Sakin önerileri', prop_residents: 'Sakinlerin öneri sayfası', prop_none: 'Henüz öneri yok.', prop_hidden: 'gizli',
    prop_meta: '{district} · tahmini {cost} · {n} destek', prop_moderation: '{by} moderasyon gerekçesi:', prop_review_state: 'Değerlendirme: {decision} ({by})',
    prop_on_ballot: 'Oy pusulasında: {ballot} / {project}', prop_reason: 'Herkese açık gerekçe', prop_hide: 'Gizle', prop_unhide: 'Yeniden göster',
    prop_hide_done: '{id} gizlendi.', prop_unhide_done: '{id} yeniden gösteriliyor.', prop_decision: 'Karar', prop_feasible: 'uygulanabilir',
    prop_infeasible: 'uygulanamaz', prop_technical: 'Teknik değerlendirme', prop_legal: 'Hukuki değerlendirme', prop_cost: 'Maliyet tahmini',
    prop_review: 'Değerlendirmeyi kaydet', prop_reviewed: '{id} değerlendirildi.', prop_ballot: 'Oy pusulası', prop_accept: 'Oy pusulasına ekle',
    prop_accepted: '{id} oy pusulasına eklendi.', prop_no_ballot: 'Bu bölgenin oy pusulası yok.',
  },
  en: {
    brand: 'Participatory Budget — Staff', signin: 'Staff sign-in', username: 'User name', password: 'Password',
    signin_go: 'Sign in', signout: 'Sign out', signed_in: '{name} ({role})', elections: 'Elections', new_election: 'New election',
    accounts: 'Accounts', audit: 'Audit log', none: 'No elections yet.', test_badge: 'TEST ELECTION',
    status: 'Status', 'status.draft': 'draft', 'status.ceremony': 'key ceremony', 'status.open': 'voting open',
    'status.closed': 'closed', 'status.tallied': 'tallied', 'status.published': 'published',
    settings: 'Settings', frozen: 'The settings froze when the key ceremony started; they cannot change any more.',
    save: 'Save', create: 'Create the election', saved: 'Saved.', fix: '{n} fields need fixing.',
    election: 'Election', id: 'Id (cannot change)', title_tr: 'Title (Turkish)', title_en: 'Title (English)', city: 'City',
    currency: 'Currency', opens: 'Opens (e.g. 2027-03-01T09:00:00+03:00)', closes: 'Closes',
    proposals_opens: 'Proposals open', proposals_closes: 'Proposals close', review_opens: 'Review opens', review_closes: 'Review closes', implementation_opens: 'Implementation starts',
    min_tally: 'Fewest ballots a tally decrypts',
    test: 'Test election (clearly marked, can be deleted)', districts: 'Districts / neighbourhoods', district: 'District', name: 'Name',
    add_district: 'Add a district', remove: 'Remove', ballots: 'Ballots', ballot: 'Ballot', add_ballot: 'Add a ballot',
    kind: 'Kind', 'kind.approval': 'Approval (pick the ones you like)', 'kind.knapsack': 'Knapsack (pick what fits the budget)',
    'kind.cumulative': 'Cumulative (spread points)', 'kind.quadratic': 'Quadratic (voice credits)', budget: 'Budget', min_count: 'Fewest choices',
    max_count: 'Most choices (empty: no limit)', points: 'Points', max_votes: 'Most votes per project', credits: 'Voice credits',
    signed: 'Votes against allowed', rule: 'Allocation rule', utility: 'Utility', tie_break: 'Ties', city_wide: 'City-wide',
    'rule.greedy': 'Projects are taken from the most supported down; each one that still fits the budget is funded, others are skipped.',
    'rule.greedy-no-skip': 'Projects are taken from the most supported down; funding stops at the first one that does not fit.',
    'rule.max-welfare': 'Of all sets of projects that fit the budget, the one with the most total support is funded.',
    'rule.quadratic-voting': 'Votes are added up (votes against subtracted); from the highest net vote down, projects that fit are funded.',
    projects: 'Projects', project: 'Project', add_project: 'Add a project', name_tr: 'Name (Turkish)', name_en: 'Name (English)',
    desc_tr: 'Description (Turkish)', desc_en: 'Description (English)', cost: 'Cost', categories: 'Categories (comma-separated)',
    sdg: 'SDG tags (e.g. SDG3, SDG11)', audience: 'Target audience (comma-separated)', start: 'Start date (YYYY-MM-DD)',
    address: 'Location (address)', latitude: 'Latitude', longitude: 'Longitude', neighbourhood: 'Neighbourhood', photos: 'Photos',
    add_photo: 'Add a photo (JPEG/PNG, at most 8 MB)', photo_alt: 'Photo of {name}', pick_on_map: 'Pick on the map', pick_hint: "Click the project's place on the map to fill in latitude and longitude (they can also be typed).", pick_no_tiles: 'No map server is configured, so latitude and longitude are typed.',
    import: 'Import projects from a sheet (CSV, XLSX, Pabulib)', import_ballot: 'Into ballot', import_file: 'File', import_go: 'Import',
    imported: '{n} projects imported.', row: 'Row', column: 'Column', message: 'Problem', export_toml: 'Download the definition (TOML)', export_csv: 'Download the projects (CSV)', export_pb: 'Download a Pabulib file (.pb)', export: 'Export', desktop: 'desktop', preview_frame: 'Preview of {ballot}, {width}', toml_load: 'Load from a definition file (TOML)', toml_file: 'TOML file', toml_go: "Save the file's definition",
    roll: 'Voter roll and credentials', roll_file: 'Public credential list (from oylama credentials generate)', upload: 'Upload',
    voters: '{n} voters', eligible: 'Voters', fingerprint: 'Fingerprint',
    ceremony: 'Key ceremony', trustees: 'Number of trustees', threshold: 'Threshold (needed to decrypt)',
    trustee_keys: "Trustees' identity keys (one per line, base64)", start_ceremony: 'Start the ceremony',
    tokens: 'Invitation tokens — hand each to its trustee in person; they are not shown again:',
    trustee: 'Trustee', record: 'Record', shares: 'Shares', commitment: 'Joint key', partial: 'Partial decryption',
    lifecycle: 'Lifecycle', open: 'Open voting', close: 'Close voting', tally: 'Tally', publish: 'Publish the result',
    confirm: '{action}: are you sure? This step cannot be undone.', confirm_yes: 'Yes, go ahead', cancel: 'Cancel', done: 'Done: {status}.',
    refused: 'Not done: {detail}', turnout: 'Turnout (voted / eligible; never an interim count)', voted: 'Voted',
    window: 'Voting window: {opens} – {closes}', unset: 'not set', delete_test: 'Delete the test election',
    deleted: 'Deleted.', results: 'Results page', board: 'Bulletin board', residents: "Residents' page",
    preview: "Preview (the residents' page)", new_account: 'New account', role: 'Role', create_account: 'Create the account',
    disable: 'Disable', enable: 'Enable', disabled: 'disabled', assign: 'Assign to election', staff_of: 'Elections',
    when: 'When', who: 'Who', what: 'What', error: 'Error: {detail}', expired: 'Your session has ended; sign in again.',
    back: 'Back to the elections', loading: 'Loading…', skip: 'Skip to content', lang: 'Türkçe',
    proposals: 'Residents\' proposals', prop_residents: 'The residents\' proposals page', prop_none: 'No proposals yet.', prop_hidden: 'hidden',
    prop_meta: '{district} · estimated {cost} · {n} supports', prop_moderation: 'Moderation by {by}:', prop_review_state: 'Review: {decision} ({by})',
    prop_on_ballot: 'On the ballot: {ballot} / {project}', prop_reason: 'Public reason', prop_hide: 'Hide', prop_unhide: 'Show again',
    prop_hide_done: '{id} is hidden.', prop_unhide_done: '{id} is shown again.', prop_decision: 'Decision', prop_feasible: 'feasible',
    prop_infeasible: 'not feasible', prop_technical: 'Technical assessment', prop_legal: 'Legal assessment', prop_cost: 'Cost estimate',
    prop_review: 'Record the review', prop_reviewed: '{id} is reviewed.', prop_ballot: 'Ballot', prop_accept: 'Add to the ballot',
    prop_accepted: '{id} is on the ballot.', prop_no_ballot: 'This district has no ballot.',
  },
};

let lang = 'tr';
export function initLang() {
  const q = new URLSearchParams(location.search).get('lang');
  let saved = null;
  try { saved = localStorage.getItem('oylama-lang'); } catch { /* storage disabled */ }
  lang = q in M ? q : (saved in M ? saved : 'tr');
  document.documentElement.lang = lang;
}
export function currentLang() { return lang; }
export function toggleLang() {
  lang = lang === 'tr' ? 'en' : 'tr';
  document.documentElement.lang = lang;
  try { localStorage.setItem('oylama-lang', lang); } catch { /* storage disabled */ }
}
export function t(key, params = {}) {
  let s = M[lang][key] ?? M.tr[key] ?? key;
  for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
  return s;
}
export const MESSAGES = M;
