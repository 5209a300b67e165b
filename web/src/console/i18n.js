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
    'asm.title': 'Mahalle meclisleri', 'asm.none': 'Henüz kayıtlı toplantı yok.', 'asm.record': 'Toplantıyı kaydet', 'asm.date': 'Tarih (YYYY-AA-GG)',
    'asm.meeting_title': 'Toplantının adı', 'asm.attendees': 'Katılımcı sayısı', 'asm.agenda': 'Gündem (her satıra bir madde)',
    'asm.agenda_hint': 'Satır biçimi: madde | proje kimlikleri, virgülle | öneri kimlikleri, virgülle (ikisi de isteğe bağlı).',
    'asm.minutes': 'Tutanak', 'asm.save_minutes': 'Tutanağı yayımla', 'asm.slips': 'Fiş', 'asm.slip_count': 'Yeni fiş sayısı',
    'asm.make_slips': 'Fiş üret', 'asm.slips_once': 'Bu kodlar yalnızca şimdi gösterilir (sunucu yalnızca özetlerini saklar): hemen yazdırın.',
    'asm.print': 'Yazdır', 'asm.public_page': 'Sakinlerin gördüğü sayfa', 'asm.yes': 'Evet', 'asm.no': 'Hayır', 'asm.abstain': 'Çekimser',
    'asm.advice': 'Tavsiye', 'asm.enter_hands': 'El kaldırma sonucunu kaydet', 'asm.open_vote': 'Fişlerle hızlı oylamayı aç',
    'asm.close_vote': 'Hızlı oylamayı kapat', 'asm.voted': 'Oy veren fiş: {n}', 'asm.method_hands': 'El kaldırma', 'asm.method_codes': 'Fişlerle hızlı oylama',
    consultation: 'Danışma (bir soru, tek yanıt; bütçe yok)', consultation_hint: 'Yanıtlar projeler olarak girilir; her biri 1 değerinde, bütçe 1: en çok oy alan yanıt kazanır. Oylar şifrelidir.',
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
    'track.title': 'Uygulama', 'track.public': 'Sakinlerin gördüğü sayfa', 'track.none': 'Desteklenen proje yok.',
    'track.now': 'Şu an', 'track.spent': 'Harcanan', 'track.started': 'Başlangıç', 'track.finished': 'Bitiş',
    'track.reason': 'Gerekçe (iptal, geri dönüş ya da yeniden açma için gerekli)', 'track.save': 'Durumu kaydet',
    'track.note': 'İlerleme notu', 'track.photo': 'Fotoğraf (isteğe bağlı)', 'track.add_note': 'Not ekle',
    'track.planned': 'Planlandı', 'track.tendering': 'İhale aşamasında', 'track.in-progress': 'Yapım sürüyor',
    'track.done': 'Tamamlandı', 'track.cancelled': 'İptal edildi',
    'city.title': 'Belediyenin proje listesi', 'city.hint': 'CSV sütunları: id, name, status (zorunlu), description, district, neighbourhood, purpose, audience, sdg, start, year, cost, latitude, longitude. Yükleme listenin tamamını değiştirir.', 'city.map': 'Kent haritası',
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
    'asm.title': 'Neighbourhood assemblies', 'asm.none': 'No meeting recorded yet.', 'asm.record': 'Record the meeting', 'asm.date': 'Date (YYYY-MM-DD)',
    'asm.meeting_title': 'Name of the meeting', 'asm.attendees': 'Attendees', 'asm.agenda': 'Agenda (one item per line)',
    'asm.agenda_hint': 'Line format: item | project ids, comma-separated | proposal ids, comma-separated (both optional).',
    'asm.minutes': 'Minutes', 'asm.save_minutes': 'Publish the minutes', 'asm.slips': 'Slips', 'asm.slip_count': 'New slips',
    'asm.make_slips': 'Generate slips', 'asm.slips_once': 'These codes are shown only now (the server keeps only their hashes): print them at once.',
    'asm.print': 'Print', 'asm.public_page': "The residents' page", 'asm.yes': 'Yes', 'asm.no': 'No', 'asm.abstain': 'Abstain',
    'asm.advice': 'Advice', 'asm.enter_hands': 'Record the show of hands', 'asm.open_vote': 'Open a quick vote with slips',
    'asm.close_vote': 'Close the quick vote', 'asm.voted': 'Slips that voted: {n}', 'asm.method_hands': 'Show of hands', 'asm.method_codes': 'Quick vote with slips',
    consultation: 'Consultation (one question, one answer; no budget)', consultation_hint: 'Enter the answers as projects; each costs 1 and the budget is 1: the answer with the most votes wins. Votes are encrypted.',
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
    'track.title': 'Implementation', 'track.public': 'The residents\' page', 'track.none': 'No project was funded.',
    'track.now': 'Now', 'track.spent': 'Spent', 'track.started': 'Started', 'track.finished': 'Finished',
    'track.reason': 'Reason (needed to cancel, go back or reopen)', 'track.save': 'Save the status',
    'track.note': 'Progress note', 'track.photo': 'Photo (optional)', 'track.add_note': 'Add the note',
    'track.planned': 'Planned', 'track.tendering': 'Tendering', 'track.in-progress': 'In progress',
    'track.done': 'Done', 'track.cancelled': 'Cancelled',
    'city.title': 'The municipality\'s project list', 'city.hint': 'CSV columns: id, name, status (required), description, district, neighbourhood, purpose, audience, sdg, start, year, cost, latitude, longitude. An upload replaces the whole list.', 'city.map': 'City map',
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
