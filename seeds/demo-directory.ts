// The demo province's map of services: real kinds of office in the ten municipalities of
// Barletta-Andria-Trani, with plausible (not real) addresses, numbers and hours. About 150 services.
import type { Kernel } from '../src/kernel/kernel.js';
import type { Tx } from '../src/kernel/db/client.js';
import { eq } from 'drizzle-orm';
import { organizations } from '../src/kernel/db/kernel.schema.js';
import {
  addresses,
  attributes,
  dirOrganizations,
  languages,
  locations,
  phones,
  requiredDocuments,
  schedules,
  serviceAtLocations,
  services,
  taxonomyTerms,
  type Translations,
} from '../src/modules/directory/directory.schema.js';
import { refreshPublishedService } from '../src/modules/directory/publish-service.js';
import { BAT_MUNICIPALITIES } from './demo.js';

type Muni = (typeof BAT_MUNICIPALITIES)[number]['name'];
const CENTROIDS: Record<Muni, [number, number, string, string]> = {
  Andria: [41.227, 16.295, '76123', '0883'],
  Barletta: [41.3196, 16.2838, '76121', '0883'],
  Bisceglie: [41.2407, 16.502, '76011', '080'],
  'Canosa di Puglia': [41.2232, 16.0659, '76012', '0883'],
  'Margherita di Savoia': [41.3713, 16.1496, '76016', '0883'],
  'Minervino Murge': [41.0853, 16.0781, '76013', '0883'],
  'San Ferdinando di Puglia': [41.3018, 16.0686, '76017', '0883'],
  Spinazzola: [40.9669, 16.089, '76014', '0883'],
  Trani: [41.2772, 16.4101, '76125', '0883'],
  Trinitapoli: [41.3578, 16.0899, '76015', '0883'],
};
const ALL: Muni[] = Object.keys(CENTROIDS) as Muni[];

interface Text4 {
  it: string;
  en: string;
  fr?: string;
  ar?: string;
}
interface Template {
  org: string;
  orgOwner?: string;
  term: string[];
  name: Text4;
  description: Text4;
  where: Muni[];
  street: string[];
  hours: [string, string, string][];
  languages: string[];
  /** Languages spoken only at some of the offices. */
  moreLanguages?: Partial<Record<Muni, string[]>>;
  documents?: Text4[];
  free?: boolean;
  fees?: string;
  appointment?: boolean;
  eligibility?: Text4;
  phoneSuffix: string;
  application?: string;
}

const WEEKDAYS_MORNING: [string, string, string][] = [['MO,TU,WE,TH,FR', '08:30', '12:30']];
const PERMIT_DOCS: Text4[] = [
  { it: "Permesso di soggiorno o ricevuta della richiesta di rinnovo", en: 'Residence permit or the receipt of the renewal application', fr: 'Titre de séjour ou récépissé de la demande de renouvellement', ar: 'تصريح الإقامة أو إيصال طلب التجديد' },
  { it: 'Codice fiscale', en: 'Tax code (codice fiscale)', fr: 'Code fiscal', ar: 'الرمز الضريبي (codice fiscale)' },
  { it: "Documento d'identità o passaporto", en: 'Identity document or passport', fr: "Pièce d'identité ou passeport", ar: 'وثيقة هوية أو جواز سفر' },
];

const TEMPLATES: Template[] = [
  {
    org: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani', orgOwner: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani',
    term: ['health.family-doctor', 'documents'],
    name: { it: 'Scelta del medico di base e tessera sanitaria', en: 'Choosing a family doctor and health card', fr: 'Choix du médecin traitant et carte sanitaire', ar: 'اختيار طبيب الأسرة والبطاقة الصحية' },
    description: { it: "L'ufficio scelta e revoca del distretto sociosanitario iscrive al Servizio sanitario nazionale chi ha un permesso di soggiorno (o la ricevuta del rinnovo) e assegna il medico di famiglia o il pediatra.", en: 'The district office registers people holding a residence permit (or the renewal receipt) with the national health service and assigns a family doctor or paediatrician.' },
    where: ALL, street: ['Via Fornaci 201', 'Via Manzoni 14', 'Via Bovio 73'], hours: [['MO,TU,WE,TH,FR', '08:30', '12:30'], ['TU,TH', '15:30', '17:30']],
    languages: ['it', 'en'], moreLanguages: { Andria: ['ar', 'fr'], Barletta: ['ar'] }, documents: [...PERMIT_DOCS, { it: 'Autocertificazione di residenza o dichiarazione di domicilio', en: 'Self-declaration of residence or address', fr: 'Attestation de résidence ou de domicile', ar: 'إقرار ذاتي بالإقامة أو عنوان السكن' }],
    free: true, phoneSuffix: '299', application: 'Presentarsi allo sportello con i documenti; la tessera arriva per posta.',
  },
  {
    org: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani', orgOwner: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani',
    term: ['health'],
    name: { it: 'Ambulatorio STP/ENI per stranieri senza permesso', en: 'STP/ENI clinic for foreigners without a permit', fr: 'Dispensaire STP/ENI pour étrangers sans titre de séjour', ar: 'عيادة STP/ENI للأجانب بدون تصريح إقامة' },
    description: { it: 'Cure urgenti ed essenziali, anche continuative, per chi non ha il permesso di soggiorno, senza segnalazione alle autorità. Rilascio del codice STP.', en: 'Urgent and essential care, including continuing care, for people without a residence permit, with no report to the authorities. Issue of the STP code.' },
    where: ['Andria', 'Barletta', 'Trani'], street: ['Viale Istria 1', 'Via Ofanto 67', 'Viale Padre Pio 1'], hours: [['MO,WE,FR', '09:00', '12:00']],
    languages: ['it', 'ar', 'fr', 'en'], documents: [{ it: "Un documento d'identità, se lo hai (non è obbligatorio)", en: 'An identity document, if you have one (not required)', fr: "Une pièce d'identité si vous en avez une (pas obligatoire)", ar: 'وثيقة هوية إن وجدت (غير إلزامية)' }],
    free: true, phoneSuffix: '310',
  },
  {
    org: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani', orgOwner: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani',
    term: ['health.women-children', 'family'],
    name: { it: 'Consultorio familiare', en: 'Family health centre', fr: 'Centre de santé familiale', ar: 'مركز صحة الأسرة' },
    description: { it: 'Ostetrica, ginecologo, psicologo e assistente sociale per la gravidanza, la salute della donna, dei bambini e degli adolescenti. Accesso diretto, senza ricetta.', en: 'Midwife, gynaecologist, psychologist and social worker for pregnancy and the health of women, children and teenagers. Walk in, no prescription needed.' },
    where: ALL, street: ['Via Pisani 5', 'Via Dante 21', 'Piazza Municipio 3'], hours: [['MO,TU,WE,TH,FR', '08:00', '13:00'], ['TU,TH', '15:00', '18:00']],
    languages: ['it', 'en', 'fr'], free: true, phoneSuffix: '320',
  },
  {
    org: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani', orgOwner: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani',
    term: ['health.mental'],
    name: { it: 'Centro di salute mentale', en: 'Mental health centre', fr: 'Centre de santé mentale', ar: 'مركز الصحة النفسية' },
    description: { it: 'Ascolto, visite psichiatriche e sostegno psicologico, anche per persone che hanno vissuto violenze, tortura o traumi durante il viaggio.', en: 'Listening, psychiatric visits and psychological support, also for people who suffered violence, torture or trauma on their journey.' },
    where: ['Andria', 'Barletta', 'Trani', 'Canosa di Puglia', 'Bisceglie'], street: ['Via Castel del Monte 82', 'Via Cafiero 10', 'Via Istria 2'], hours: [['MO,TU,WE,TH,FR', '08:00', '14:00'], ['MO,WE', '15:00', '18:00']],
    languages: ['it', 'en'], free: true, appointment: true, phoneSuffix: '330',
  },
  {
    org: 'Comune', term: ['documents'],
    name: { it: 'Ufficio anagrafe: residenza e carta d\'identità', en: 'Registry office: residence and identity card', fr: "Bureau de l'état civil : résidence et carte d'identité", ar: 'مكتب السجل المدني: الإقامة وبطاقة الهوية' },
    description: { it: "Iscrizione anagrafica (residenza), cambi di indirizzo, carta d'identità elettronica e certificati per i cittadini stranieri regolarmente soggiornanti.", en: 'Registering residence, changes of address, electronic identity card and certificates for foreign citizens lawfully staying in Italy.' },
    where: ALL, street: ['Piazza Umberto I 1', 'Corso Vittorio Emanuele 94', 'Via Aldo Moro 12'], hours: [['MO,WE,FR', '09:00', '12:00'], ['TU,TH', '16:00', '18:00']],
    languages: ['it'], documents: PERMIT_DOCS, free: false, fees: "Carta d'identità elettronica: 22,21 euro.", appointment: true, phoneSuffix: '290',
  },
  {
    org: 'Comune', term: ['social', 'housing'],
    name: { it: 'Servizi sociali: segretariato sociale', en: 'Social services: first contact desk', fr: 'Services sociaux : accueil', ar: 'الخدمات الاجتماعية: مكتب الاستقبال' },
    description: { it: "L'assistente sociale ascolta, informa sui contributi economici, sull'emergenza abitativa e sui servizi per famiglie, anziani e persone con disabilità.", en: 'A social worker listens and informs about financial support, housing emergencies and services for families, older people and people with disabilities.' },
    where: ALL, street: ['Via Firenze 3', 'Via Sant\'Antonio 8', 'Via Roma 45'], hours: [['TU,TH', '09:00', '12:00']],
    languages: ['it'], free: true, appointment: false, phoneSuffix: '291',
  },
  {
    org: 'Comune', term: ['school'],
    name: { it: 'Pubblica istruzione: iscrizione a scuola, mensa e trasporto', en: 'Education office: school enrolment, meals and transport', fr: 'Bureau de l\'éducation : inscription scolaire, cantine et transport', ar: 'مكتب التعليم: التسجيل المدرسي والمطعم والنقل' },
    description: { it: "Informazioni sull'iscrizione dei figli a nido, scuola dell'infanzia e primaria anche durante l'anno scolastico, sulla mensa e sul trasporto scolastico.", en: 'Information on enrolling children in nursery, pre-school and primary school, also during the school year, and on school meals and transport.' },
    where: ALL, street: ['Via Vecchia Spinazzola 4', 'Piazza Aldo Moro 16', 'Via Papa Giovanni XXIII 1'], hours: [['MO,WE,FR', '09:00', '12:30']],
    languages: ['it'], documents: [{ it: 'Documento del genitore e codice fiscale del bambino', en: "Parent's identity document and the child's tax code", fr: "Pièce d'identité du parent et code fiscal de l'enfant", ar: 'وثيقة هوية الوالد والرمز الضريبي للطفل' }, { it: 'Certificato delle vaccinazioni', en: 'Vaccination certificate', fr: 'Certificat de vaccination', ar: 'شهادة التطعيمات' }],
    free: true, phoneSuffix: '292',
  },
  {
    org: "CPIA BAT - Centro Provinciale per l'Istruzione degli Adulti", orgOwner: "CPIA BAT - Centro Provinciale per l'Istruzione degli Adulti",
    term: ['language'],
    name: { it: 'Corso di lingua italiana (livelli A1 e A2)', en: 'Italian language course (levels A1 and A2)', fr: 'Cours de langue italienne (niveaux A1 et A2)', ar: 'دورة اللغة الإيطالية (المستويان A1 وA2)' },
    description: { it: "Corsi gratuiti di italiano per adulti stranieri dai 16 anni, di mattina o di sera, con certificato finale valido per il permesso di soggiorno di lungo periodo.", en: 'Free Italian courses for foreign adults aged 16 and over, in the morning or evening, with a final certificate valid for the long-term residence permit.' },
    where: ['Andria', 'Barletta', 'Trani', 'Bisceglie', 'Canosa di Puglia', 'Trinitapoli'], street: ['Via Bisceglie 1', 'Via Cialdini 48', 'Via Tasselgardo 3'], hours: [['MO,TU,WE,TH', '16:00', '19:00']],
    languages: ['it', 'en', 'fr'], documents: [{ it: "Documento d'identità o passaporto", en: 'Identity document or passport', fr: "Pièce d'identité ou passeport", ar: 'وثيقة هوية أو جواز سفر' }, { it: 'Codice fiscale', en: 'Tax code', fr: 'Code fiscal', ar: 'الرمز الضريبي' }],
    free: true, eligibility: { it: 'Adulti stranieri dai 16 anni.', en: 'Foreign adults aged 16 and over.' }, phoneSuffix: '350',
  },
  {
    org: 'Centro per l\'Impiego', term: ['work'],
    name: { it: 'Iscrizione al centro per l\'impiego e orientamento al lavoro', en: 'Registering at the job centre and job guidance', fr: "Inscription au centre pour l'emploi et orientation professionnelle", ar: 'التسجيل في مركز التوظيف والتوجيه المهني' },
    description: { it: 'Dichiarazione di disponibilità al lavoro, colloquio di orientamento, aiuto per il curriculum, offerte di lavoro e percorsi del programma GOL.', en: 'Declaration of availability for work, guidance interview, help with the CV, job offers and the GOL programme.' },
    where: ['Andria', 'Barletta', 'Trani', 'Bisceglie', 'Canosa di Puglia', 'Margherita di Savoia'], street: ['Via Guido Rossa 2', 'Via Trani 101', 'Via Superga 12'], hours: [['MO,TU,WE,TH,FR', '09:00', '12:00'], ['TU,TH', '15:00', '17:00']],
    languages: ['it', 'en'], documents: PERMIT_DOCS, free: true, phoneSuffix: '360',
  },
  {
    org: 'Centro per l\'Impiego', term: ['work', 'trafficking'],
    name: { it: 'Lavoro agricolo regolare: incontro domanda e offerta', en: 'Legal farm work: matching jobs and workers', fr: 'Travail agricole légal : rencontre offre et demande', ar: 'العمل الزراعي القانوني: التوفيق بين العروض والطلبات' },
    description: { it: 'Le aziende agricole che aderiscono al protocollo cercano lavoratori tramite il centro per l\'impiego, con contratto regolare e trasporto: un\'alternativa al caporalato.', en: 'Farms that signed the protocol hire through the job centre, with a regular contract and transport: an alternative to gang-master exploitation.' },
    where: ['Andria', 'Trinitapoli', 'San Ferdinando di Puglia'], street: ['Via Guido Rossa 2', 'Via Mazzini 30', 'Piazza Umberto I 5'], hours: [['MO,WE', '08:30', '12:30']],
    languages: ['it', 'ar', 'fr', 'en'], free: true, phoneSuffix: '361',
  },
  {
    org: 'Questura di Barletta-Andria-Trani', orgOwner: 'Questura di Barletta-Andria-Trani',
    term: ['permits'],
    name: { it: 'Ufficio immigrazione: permesso di soggiorno', en: 'Immigration office: residence permit', fr: "Bureau de l'immigration : titre de séjour", ar: 'مكتب الهجرة: تصريح الإقامة' },
    description: { it: "Rilevamento delle impronte, consegna del permesso di soggiorno elettronico e informazioni sulle pratiche. Si va all'appuntamento indicato nella ricevuta di Poste Italiane.", en: 'Fingerprinting, collection of the electronic residence permit and information on applications. Go on the date given in the Poste Italiane receipt.' },
    where: ['Andria', 'Barletta', 'Trani', 'Canosa di Puglia', 'Bisceglie'], street: ['Via Lucania 1', 'Via Andria 29', 'Piazza Plebiscito 4'], hours: [['MO,WE,FR', '08:30', '12:30'], ['TU', '15:00', '17:00']],
    languages: ['it', 'en'], documents: [...PERMIT_DOCS, { it: '4 fotografie formato tessera', en: '4 passport-size photographs', fr: "4 photos d'identité", ar: '4 صور شخصية بحجم جواز السفر' }],
    free: true, appointment: true, phoneSuffix: '370',
  },
  {
    org: 'Prefettura di Barletta-Andria-Trani', orgOwner: 'Prefettura di Barletta-Andria-Trani',
    term: ['permits', 'family'],
    name: { it: 'Sportello Unico per l\'Immigrazione', en: 'Single Desk for Immigration', fr: "Guichet unique pour l'immigration", ar: 'المكتب الموحد للهجرة' },
    description: { it: 'Nulla osta al lavoro (decreto flussi), ricongiungimento familiare, conversione dei permessi, contratto di soggiorno. Le domande si presentano online con SPID.', en: 'Work clearance (decreto flussi), family reunification, conversion of permits, residence contract. Applications are made online with SPID.' },
    where: ['Barletta'], street: ['Piazza Plebiscito 1'], hours: [['TU,TH', '09:00', '12:00']],
    languages: ['it', 'en', 'fr'], free: true, appointment: true, phoneSuffix: '380',
  },
  {
    org: 'Prefettura di Barletta-Andria-Trani', orgOwner: 'Prefettura di Barletta-Andria-Trani',
    term: ['orientation'],
    name: { it: "Polo sociale per l'inclusione: informazione e orientamento", en: 'Social inclusion hub: information and guidance', fr: "Pôle social pour l'inclusion : information et orientation", ar: 'القطب الاجتماعي للإدماج: المعلومات والتوجيه' },
    description: { it: 'Operatori e mediatori ascoltano il bisogno, spiegano i servizi del territorio e accompagnano verso quello giusto, con un invio diretto quando serve.', en: 'Staff and mediators listen, explain the local services and accompany people to the right one, with a direct referral when needed.' },
    where: ['Barletta'], street: ['Piazza Plebiscito 1'], hours: [['MO,TU,WE,TH,FR', '09:00', '13:00'], ['TU,TH', '15:00', '17:00']],
    languages: ['it', 'en', 'fr', 'ar', 'bn', 'ur'], free: true, phoneSuffix: '381',
  },
  {
    org: 'Prefettura di Barletta-Andria-Trani', orgOwner: 'Prefettura di Barletta-Andria-Trani',
    term: ['permits.citizenship', 'permits'],
    name: { it: 'Ufficio cittadinanza', en: 'Citizenship office', fr: 'Bureau de la citoyenneté', ar: 'مكتب الجنسية' },
    description: { it: 'Informazioni sulle domande di cittadinanza italiana per residenza o matrimonio, presentate online, e sullo stato della pratica.', en: 'Information on applications for Italian citizenship by residence or marriage, filed online, and on the state of a file.' },
    where: ['Barletta'], street: ['Piazza Plebiscito 1'], hours: [['WE', '09:00', '12:00']],
    languages: ['it'], free: true, appointment: true, phoneSuffix: '382',
  },
  {
    org: 'Poste Italiane', term: ['permits'],
    name: { it: 'Sportello Amico: spedizione del kit per il permesso di soggiorno', en: 'Sportello Amico: sending the residence permit kit', fr: 'Sportello Amico : envoi du kit pour le titre de séjour', ar: 'شباك صديق: إرسال ملف تصريح الإقامة' },
    description: { it: "Negli uffici postali abilitati si ritira e si spedisce il kit per richiedere o rinnovare il permesso di soggiorno; la ricevuta indica l'appuntamento in Questura.", en: 'At enabled post offices you collect and send the kit to apply for or renew a residence permit; the receipt gives the appointment at the Questura.' },
    where: ['Andria', 'Barletta', 'Trani', 'Bisceglie', 'Canosa di Puglia'], street: ['Piazza Umberto I 2', 'Via Cialdini 12', 'Corso Cavour 24'], hours: [['MO,TU,WE,TH,FR', '08:20', '19:05'], ['SA', '08:20', '12:35']],
    languages: ['it'], documents: PERMIT_DOCS, free: false, fees: 'Spedizione 30 euro, marca da bollo 16 euro, contributo da 40 a 100 euro secondo la durata, permesso elettronico 30,46 euro.', phoneSuffix: '803',
  },
  {
    org: 'Caritas diocesana (demo)', term: ['social', 'orientation'],
    name: { it: 'Centro di ascolto Caritas', en: 'Caritas listening centre', fr: "Centre d'écoute Caritas", ar: 'مركز الاستماع التابع لكاريتاس' },
    description: { it: 'Ascolto, orientamento ai servizi, aiuti alimentari e vestiario per chiunque sia in difficoltà, con o senza documenti.', en: 'Listening, guidance to services, food and clothing for anyone in need, with or without documents.' },
    where: ['Andria', 'Barletta', 'Trani', 'Bisceglie', 'Canosa di Puglia', 'Trinitapoli'], street: ['Via Quarti 11', 'Via Nazareth 5', 'Via Pozzo Piano 21'], hours: [['TU,TH', '09:30', '12:00'], ['WE', '16:00', '18:30']],
    languages: ['it', 'fr', 'ar', 'en'], free: true, phoneSuffix: '400',
  },
  {
    org: 'Caritas diocesana (demo)', term: ['social'],
    name: { it: 'Mensa solidale', en: 'Community canteen', fr: 'Cantine solidaire', ar: 'مطعم تضامني' },
    description: { it: 'Pranzo caldo ogni giorno per persone senza dimora o in difficoltà economica.', en: 'A hot lunch every day for homeless people or people in financial difficulty.' },
    where: ['Andria', 'Barletta', 'Trani'], street: ['Via Bottego 3', 'Via Manfredi 40', 'Via Cavour 7'], hours: [['MO,TU,WE,TH,FR,SA,SU', '12:00', '13:30']],
    languages: ['it', 'ar', 'fr'], free: true, phoneSuffix: '401',
  },
  {
    org: 'Associazione Mondi Vicini (demo)', orgOwner: 'Associazione Mondi Vicini (demo)',
    term: ['legal', 'permits'],
    name: { it: 'Sportello legale per migranti', en: 'Legal advice desk for migrants', fr: 'Permanence juridique pour migrants', ar: 'مكتب الاستشارات القانونية للمهاجرين' },
    description: { it: 'Avvocati volontari: permesso di soggiorno, protezione internazionale, ricorsi, ricongiungimento familiare, diritti sul lavoro.', en: 'Volunteer lawyers: residence permits, international protection, appeals, family reunification, rights at work.' },
    where: ['Bisceglie', 'Andria', 'Barletta'], street: ['Via La Spezia 12', 'Via Pendio San Lorenzo 6', 'Via Milano 18'], hours: [['MO', '16:00', '19:00'], ['TH', '10:00', '13:00']],
    languages: ['it', 'en', 'fr', 'ar', 'bn', 'ur', 'ti'], free: true, appointment: true, phoneSuffix: '410',
  },
  {
    org: 'Associazione Mondi Vicini (demo)', orgOwner: 'Associazione Mondi Vicini (demo)',
    term: ['language'],
    name: { it: 'Scuola di italiano dei volontari', en: 'Volunteer Italian school', fr: "École d'italien bénévole", ar: 'مدرسة الإيطالية للمتطوعين' },
    description: { it: 'Lezioni di italiano gratuite per principianti, anche per chi non sa leggere e scrivere, con spazio bimbi.', en: 'Free Italian lessons for beginners, also for people who cannot read or write, with a children\'s corner.' },
    where: ['Bisceglie', 'Andria', 'Trani', 'Minervino Murge', 'Spinazzola', 'San Ferdinando di Puglia'], street: ['Via La Spezia 12', 'Piazza Catuma 4', 'Via Mario Pagano 9'], hours: [['TU,TH', '17:00', '19:00'], ['SA', '10:00', '12:00']],
    languages: ['it', 'en', 'fr', 'ar'], free: true, phoneSuffix: '411',
  },
  {
    org: 'Numero Verde Antitratta', term: ['trafficking'],
    name: { it: 'Numero Verde Antitratta 800 290 290', en: 'Anti-trafficking helpline 800 290 290', fr: 'Numéro vert anti-traite 800 290 290', ar: 'الرقم الأخضر لمكافحة الاتجار 800 290 290' },
    description: { it: 'Gratuito e anonimo, 24 ore su 24: ascolta chi è costretto a lavorare o a prostituirsi e lo mette in contatto con i progetti di protezione del territorio.', en: 'Free and anonymous, 24 hours a day: listens to people forced to work or into prostitution and connects them with local protection projects.' },
    where: ['Barletta'], street: ['Piazza Plebiscito 1'], hours: [['MO,TU,WE,TH,FR,SA,SU', '00:00', '23:59']],
    languages: ['it', 'en', 'fr', 'ar', 'ro', 'es', 'zh'], free: true, phoneSuffix: '800',
  },
  {
    org: 'Programma antitratta La Puglia non tratta (demo)', orgOwner: 'Programma antitratta La Puglia non tratta (demo)',
    term: ['trafficking'],
    name: { it: 'Programma antitratta: emersione e presa in carico', en: 'Anti-trafficking programme: identification and support', fr: "Programme de lutte contre la traite : identification et prise en charge", ar: 'برنامج مكافحة الاتجار: الكشف والرعاية' },
    description: { it: "L'équipe del programma antitratta regionale incontra in un luogo protetto le persone segnalate dagli sportelli, offre accoglienza in struttura riservata, assistenza legale per il permesso di soggiorno per casi speciali (art. 18 del Testo unico immigrazione) e percorsi di inserimento lavorativo.", en: 'The regional anti-trafficking programme\'s team meets the people referred by the desks in a safe place, and offers sheltered housing, legal help for the special-cases residence permit (art. 18 of the Consolidated Immigration Act) and job placement.', fr: "L'équipe du programme régional de lutte contre la traite rencontre dans un lieu protégé les personnes orientées par les guichets, et propose un hébergement protégé, une aide juridique pour le titre de séjour pour cas spéciaux (art. 18 du Texte unique sur l'immigration) et un accompagnement vers l'emploi.", ar: 'يلتقي فريق البرنامج الإقليمي لمكافحة الاتجار في مكان آمن بالأشخاص المحالين من المكاتب، ويقدّم سكنًا محميًا ومساعدة قانونية للحصول على تصريح الإقامة للحالات الخاصة (المادة 18 من القانون الموحّد للهجرة) ومرافقة نحو العمل.' },
    where: ['Barletta'], street: ['Via indirizzo riservato'], hours: [['MO,TU,WE,TH,FR', '09:00', '17:00']],
    languages: ['it', 'en', 'fr', 'ar', 'ro'], free: true, appointment: true, phoneSuffix: '801',
  },
  {
    org: 'Sindacato: sportello lavoratori agricoli (demo)', term: ['trafficking', 'work', 'legal'],
    name: { it: 'Sportello contro il caporalato', en: 'Desk against gang-master exploitation', fr: "Permanence contre l'exploitation (caporalato)", ar: 'مكتب مكافحة الاستغلال في العمل (كابورالاتو)' },
    description: { it: 'Controllo della busta paga e del contratto, denuncia dello sfruttamento, assistenza per ottenere il salario non pagato.', en: 'Checking pay slips and contracts, reporting exploitation, help to recover unpaid wages.' },
    where: ['Andria', 'Trinitapoli', 'San Ferdinando di Puglia', 'Canosa di Puglia'], street: ['Via Ospedale 14', 'Corso Trinità 30', 'Via Roma 2'], hours: [['TU,FR', '17:00', '20:00'], ['SU', '09:00', '12:00']],
    languages: ['it', 'ar', 'fr', 'en', 'pa'], free: true, phoneSuffix: '420',
  },
  {
    org: 'Centro antiviolenza (demo)', term: ['family', 'trafficking'],
    name: { it: 'Centro antiviolenza', en: 'Anti-violence centre', fr: 'Centre contre les violences', ar: 'مركز مناهضة العنف' },
    description: { it: 'Accoglienza, ascolto e protezione per donne che subiscono violenza, anche con i figli; consulenza legale e psicologica, casa rifugio.', en: 'Welcome, listening and protection for women suffering violence, also with their children; legal and psychological advice, shelter.' },
    where: ['Andria', 'Barletta', 'Trani'], street: ['Via indirizzo riservato', 'Via indirizzo riservato', 'Via indirizzo riservato'], hours: [['MO,TU,WE,TH,FR', '09:00', '18:00']],
    languages: ['it', 'en', 'fr', 'ar'], free: true, phoneSuffix: '430',
  },
  {
    org: 'Comune', term: ['housing'],
    name: { it: 'Ufficio casa: case popolari e contributo affitto', en: 'Housing office: social housing and rent support', fr: 'Bureau du logement : logements sociaux et aide au loyer', ar: 'مكتب السكن: السكن الاجتماعي ودعم الإيجار' },
    description: { it: "Bandi per l'assegnazione di alloggi di edilizia residenziale pubblica e per il contributo all'affitto; aiuto per compilare la domanda.", en: 'Calls for social housing and for rent support; help with filling in the application.' },
    where: ['Andria', 'Barletta', 'Trani', 'Bisceglie'], street: ['Via Ettore Carafa 8', 'Corso Garibaldi 204', 'Via Tenente Morrico 2'], hours: [['TU', '09:00', '12:00'], ['TH', '15:30', '17:30']],
    languages: ['it'], documents: [...PERMIT_DOCS, { it: 'Attestazione ISEE', en: 'ISEE income statement', fr: 'Attestation ISEE (revenus)', ar: 'شهادة ISEE للدخل' }], free: true, phoneSuffix: '293',
  },
  {
    org: 'Patronato (demo)', term: ['permits', 'work'],
    name: { it: 'Patronato: aiuto per pratiche di soggiorno e previdenza', en: 'Patronato: help with permit and welfare paperwork', fr: 'Patronato : aide pour les démarches de séjour et de sécurité sociale', ar: 'باتروناتو: المساعدة في معاملات الإقامة والضمان الاجتماعي' },
    description: { it: 'Compilazione del kit per il permesso di soggiorno, domande di assegno unico, disoccupazione e pensione.', en: 'Filling in the residence permit kit, applications for the child benefit, unemployment benefit and pensions.' },
    where: ['Andria', 'Barletta', 'Trani', 'Bisceglie', 'Canosa di Puglia', 'Trinitapoli', 'Margherita di Savoia'], street: ['Via Annunziata 45', 'Via Cavour 88', 'Via Beltrani 3'], hours: [['MO,TU,WE,TH,FR', '09:00', '12:30'], ['MO,WE', '16:00', '18:30']],
    languages: ['it', 'en', 'fr'], documents: PERMIT_DOCS, free: true, appointment: true, phoneSuffix: '440',
  },
  {
    org: 'Comune', term: ['transport'],
    name: { it: 'Trasporto pubblico urbano: abbonamenti agevolati', en: 'Urban public transport: reduced passes', fr: 'Transport public urbain : abonnements réduits', ar: 'النقل العام الحضري: اشتراكات مخفضة' },
    description: { it: 'Abbonamenti mensili agevolati per studenti, lavoratori e persone con ISEE basso.', en: 'Reduced monthly passes for students, workers and people with a low ISEE income.' },
    where: ['Andria', 'Barletta', 'Trani'], street: ['Piazza Stazione 1', 'Piazza Conteduca 1', 'Piazza XX Settembre 1'], hours: [['MO,TU,WE,TH,FR', '08:00', '13:00']],
    languages: ['it'], free: false, fees: 'Abbonamento mensile ridotto: 15 euro.', phoneSuffix: '294',
  },
];

const LANGUAGE_NAMES: Record<string, string> = { it: 'Italiano', en: 'Inglese', fr: 'Francese', ar: 'Arabo', bn: 'Bengalese', ur: 'Urdu', ti: 'Tigrino', ro: 'Rumeno', es: 'Spagnolo', zh: 'Cinese', pa: 'Punjabi' };

function translationsOf(fields: Record<string, Text4 | undefined>): Translations {
  const out: Translations = {};
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    for (const locale of ['en', 'fr', 'ar'] as const) {
      const value = text[locale];
      if (value) (out[locale] ??= {})[field] = value;
    }
  }
  return out;
}

/** A deterministic pseudo-random number in [0, 1) from a string, so the demo is the same every time. */
function hash01(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10000) / 10000;
}

export async function seedDemoDirectory(kernel: Kernel, tx: Tx): Promise<number> {
  void kernel;
  const accountOrgs = new Map((await tx.select({ id: organizations.id, name: organizations.name }).from(organizations)).map((o) => [o.name, o.id]));
  const termIds = new Map((await tx.select({ id: taxonomyTerms.id, code: taxonomyTerms.code }).from(taxonomyTerms)).map((t) => [t.code, t.id]));
  const dirOrgIds = new Map<string, string>();
  const dirOrg = async (name: string, owner?: string) => {
    let id = dirOrgIds.get(name);
    if (!id) {
      const ownerId = accountOrgs.get(owner ?? name) ?? null;
      [{ id }] = (await tx.insert(dirOrganizations).values({ name, description: name, ownerOrganizationId: ownerId }).returning({ id: dirOrganizations.id })) as [{ id: string }];
      dirOrgIds.set(name, id);
    }
    return id;
  };
  const now = Date.now();
  let count = 0;
  for (const t of TEMPLATES) {
    for (const [i, muni] of t.where.entries()) {
      const code = BAT_MUNICIPALITIES.find((m) => m.name === muni)!.code;
      const [lat, lon, cap, prefix] = CENTROIDS[muni];
      const orgName =
        t.org === 'Comune' ? `Comune di ${muni}` : t.org === "Centro per l'Impiego" ? `Centro per l'Impiego di ${muni}` : t.org;
      const organizationId = await dirOrg(orgName, t.orgOwner);
      const seed = hash01(`${t.name.it}|${muni}`);
      const monthsAgo = Math.floor(seed * 14);
      const [service] = await tx
        .insert(services)
        .values({
          organizationId,
          name: t.where.length > 1 ? `${t.name.it} - ${muni}` : t.name.it,
          description: t.description.it,
          freeOfCharge: t.free ?? false,
          feesDescription: t.fees ?? null,
          appointmentRequired: t.appointment ?? false,
          applicationProcess: t.application ?? null,
          eligibilityDescription: t.eligibility?.it ?? null,
          translations: translationsOf({
            name: t.where.length > 1 ? { it: '', en: `${t.name.en} - ${muni}`, fr: t.name.fr && `${t.name.fr} - ${muni}`, ar: t.name.ar && `${t.name.ar} - ${muni}` } : t.name,
            description: t.description,
            eligibility_description: t.eligibility,
          }),
          publicationStatus: 'published',
          publishedAt: new Date(now - (monthsAgo + 1) * 30 * 86400_000),
          lastVerifiedAt: new Date(now - monthsAgo * 30 * 86400_000 - seed * 86400_000),
        })
        .returning({ id: services.id });
      const serviceId = service!.id;
      const [location] = await tx
        .insert(locations)
        .values({
          organizationId,
          name: orgName === t.org ? `${t.org} - sede di ${muni}` : orgName,
          latitude: lat + (seed - 0.5) * 0.01,
          longitude: lon + (hash01(muni + t.phoneSuffix) - 0.5) * 0.01,
          municipalityCode: code,
          wheelchairAccessible: seed > 0.2,
        })
        .returning({ id: locations.id });
      await tx.insert(addresses).values({
        locationId: location!.id,
        address1: t.street[i % t.street.length]!,
        city: muni,
        stateProvince: 'BT',
        region: 'Puglia',
        postalCode: cap,
        country: 'IT',
      });
      await tx.insert(serviceAtLocations).values({ serviceId, locationId: location!.id });
      await tx.insert(phones).values({
        serviceId,
        number: t.phoneSuffix === '800' ? '800 290 290' : t.phoneSuffix === '803' ? '803 160' : `${prefix} ${t.phoneSuffix}${String(100 + Math.floor(seed * 899)).padStart(3, '0')}`,
        type: 'voice',
      });
      for (const [days, opens, closes] of t.hours) {
        await tx.insert(schedules).values({ serviceId, freq: 'WEEKLY', byday: days, opensAt: `${opens}:00`, closesAt: `${closes}:00`, wkst: 'MO' });
      }
      // Closed on Christmas Day and on New Year's Day.
      for (const day of ['2026-12-25', '2027-01-01']) {
        await tx.insert(schedules).values({ serviceId, validFrom: day, validTo: day, description: 'Chiuso per festività' });
      }
      for (const lang of [...t.languages, ...(t.moreLanguages?.[muni] ?? [])]) await tx.insert(languages).values({ serviceId, code: lang, name: LANGUAGE_NAMES[lang] ?? lang });
      for (const d of t.documents ?? []) {
        await tx.insert(requiredDocuments).values({ serviceId, document: d.it, translations: translationsOf({ document: d }) });
      }
      for (const term of t.term) {
        const taxonomyTermId = termIds.get(term);
        if (!taxonomyTermId) throw new Error(`demo directory: unknown taxonomy term ${term}`);
        await tx.insert(attributes).values({ linkId: serviceId, linkEntity: 'service', taxonomyTermId });
      }
      await refreshPublishedService(tx, serviceId);
      count++;
    }
  }
  // A new service waiting for its first review, so the directory team's queue is not empty in the demo.
  const [first] = await tx.select({ id: services.id }).from(services).where(eq(services.name, 'Ufficio cittadinanza'));
  if (first) {
    await tx.update(services).set({ publicationStatus: 'draft', publishedAt: null }).where(eq(services.id, first.id));
    await refreshPublishedService(tx, first.id);
    await tx.update(services).set({ publicationStatus: 'in_review', submittedAt: new Date() }).where(eq(services.id, first.id));
  }
  return count;
}
