"""Every Swedish text the core package shows a user: validation errors, verdict reasons and refusals.

Kept in one module so wording is reviewed in one place. Placeholders use str.format names.
"""

# --- field names as a user reads them (used in API 422 messages) ---
FIELD_LABELS = {
    "agency": "myndighet (arbetsgivare)",
    "full_name": "namn",
    "address": "adress",
    "personnummer": "personnummer",
    "position": "anställning (tjänst)",
    "diarienummer": "diarienummer",
    "grounds": "skäl för överklagandet",
    "decision_posted_on": "datum då beslutet anslogs",
    "appointee": "vilken anställning som överklagas",
    "posted_on": "datum då beslutet anslogs",
    "today": "dagens datum",
    "termination_reason": "orsak till att anställningen upphörde",
    "employment_type": "anställningsform",
    "months_employed": "antal månader anställd",
    "employment_ended_on": "datum då anställningen upphörde",
    "registered": "anmält anspråk",
    "documents": "handlingar",
    "email": "e-postadress",
    "phone": "telefonnummer",
    "contact": "e-postadress eller telefonnummer",
}

# --- the appeal form ---
# "jag vill överklaga" typed while the form asks for a field: the appeal is already being written.
APPEAL_UNDER_WAY = "Vi håller redan på med ditt överklagande. Svara på frågan nedan, så går vi vidare."

# --- employer registry ---
AGENCY_UNKNOWN = (
    "Jag känner inte till myndigheten (arbetsgivaren) \"{value}\". "
    "Välj en av: {known}."
)
# The one wording of why an employer without the state appeal route (agencies.yml state_appeal_route:
# false) has no appeal, wherever it is said; {consequence} is what that means there.
NO_STATE_APPEAL_ROUTE = (
    "{name} är en kommun. Kommuner anställer enligt LAS och har stor frihet att välja vem de anställer, "
    "så ett anställningsbeslut hos {name} kan inte överklagas till Statens överklagandenämnd. "
    "{consequence} Har du frågor om beslutet kan du vända dig till "
    "kontaktpersonen i annonsen, till ditt fackförbund eller till en jurist."
)
NO_ROUTE_NO_LETTER = "Därför skriver jag inget överklagande."
NO_ROUTE_NO_DEADLINE = "Därför finns det ingen tidsfrist för ett överklagande att räkna ut."

# --- dates ---
DATE_EMPTY = "Skriv ett datum, till exempel \"3 mars\", \"igår\" eller \"2026-11-10\"."
DATE_UNREADABLE = (
    "Jag förstod inte datumet \"{value}\". Skriv till exempel \"3 mars\", \"i måndags\", "
    "\"för två veckor sedan\" eller \"2026-11-10\"."
)
DATE_IMPOSSIBLE = "Datumet \"{value}\" finns inte: {month} har inte {day} dagar."
DATE_IMPOSSIBLE_GENERIC = "Datumet \"{value}\" finns inte i kalendern. Kontrollera dag och månad."
DATE_IN_FUTURE = "Datumet {date} ligger i framtiden. Ange en dag som redan har varit."
DATE_TOO_OLD = "Datumet {date} ligger för långt bak i tiden. Kontrollera årtalet."

# --- deadline reasons ---
DEADLINE_NOT_SHIFTED = (
    "Tre veckor från anslagsdagen {posted_on} är {deadline}. Överklagandet måste ha kommit in "
    "till myndigheten senast den dagen."
)
DEADLINE_SHIFT_REASON = (
    "Tre veckor från anslagsdagen är {nominal}, som är {nominal_name}. Enligt lagen (1930:173) om "
    "beräkning av lagstadgad tid flyttas sista dagen då till nästa vardag, {deadline}."
)
DEADLINE_SHIFTED = (
    "Anslagsdagen är {posted_on}. {shift_reason} Överklagandet måste ha kommit in till myndigheten "
    "senast den dagen."
)
WEEKDAY_NAMES = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
MONTH_NAMES = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]

# --- re-employment priority (företrädesrätt) ---
REASON_NOT_ARBETSBRIST = {
    "egen_uppsagning": (
        "Du sa upp dig själv. Företrädesrätt till återanställning gäller bara den som har sagts upp "
        "på grund av arbetsbrist (LAS 25 §)."
    ),
    "personliga_skal": (
        "Du sades upp av personliga skäl. Företrädesrätt till återanställning gäller bara den som har "
        "sagts upp på grund av arbetsbrist (LAS 25 §)."
    ),
    "annat": (
        "Företrädesrätt till återanställning gäller bara när anställningen upphörde på grund av "
        "arbetsbrist (LAS 25 §). Är du osäker på orsaken, fråga arbetsgivarens HR eller ditt fack."
    ),
}
REASON_OTHER_FIXED_TERM = (
    "Bland tidsbegränsade anställningar ger bara särskild visstidsanställning (SÄVA), vikariat och "
    "säsongsarbete företrädesrätt, när anställningen inte förlängdes på grund av arbetsbrist (LAS 25 §)."
)
REASON_ARBETSBRIST_OK = "Din anställning upphörde på grund av arbetsbrist, vilket kan ge företrädesrätt (LAS 25 §)."
REASON_TIME_OK = (
    "Du har varit anställd {months} månader, och kravet är mer än {required} månader {window} (LAS 25 §)."
)
REASON_TIME_SHORT = (
    "Du har varit anställd {months} månader, men kravet är mer än {required} månader {window} "
    "(LAS 25 §). Exakt {required} månader räcker inte."
)
WINDOW_THREE_YEARS = "under de senaste tre åren"
WINDOW_TWO_YEARS = "under de senaste två åren"
REASON_SAVA_AGENCY_WORDING = (
    "{name} skriver \"{wording}\" för SÄVA på sin sida; lagen säger \"mer än nio månader\", "
    "och det är lagen som gäller."
)
REASON_VALID_UNTIL = (
    "Företrädesrätten gäller från beskedet om uppsägning till nio månader efter att anställningen "
    "upphörde, alltså till och med {valid_until}."
)
REASON_EXPIRED = (
    "Företrädesrätten gällde till och med {valid_until} (nio månader efter att anställningen upphörde) "
    "och har nu gått ut."
)
REASON_QUALIFICATIONS = "Du måste också ha tillräckliga kvalifikationer för den nya anställningen."
REASON_REGISTER_REQUIRED = (
    "{name} kräver att du anmäler anspråk på företrädesrätt innan du kan använda den (LAS 27 §)."
)
REASON_REGISTER_MAYBE = (
    "Om arbetsgivaren i beskedet om uppsägning skrev att du måste anmäla anspråk, gäller rätten först "
    "när du har gjort det (LAS 27 §). Anmäl därför skriftligen till arbetsgivaren för säkerhets skull."
)
REASON_REGISTERED = "Du har anmält anspråk, så du behöver inte göra något mer för att rätten ska gälla."
REASON_DECLINE_WARNING = "Tackar du nej till ett skäligt erbjudande om återanställning förlorar du rätten."
REASON_GUIDANCE = (
    "Det här är vägledning, inte juridisk rådgivning. Fråga arbetsgivarens HR, ditt fackförbund eller en "
    "jurist om du är osäker."
)
TERMINATION_REASON_INVALID = (
    "Orsaken måste vara en av: arbetsbrist, egen uppsägning, personliga skäl eller annat."
)
EMPLOYMENT_TYPE_INVALID = (
    "Anställningsformen måste vara en av: tillsvidare, särskild visstidsanställning (SÄVA), vikariat, "
    "säsongsarbete eller annan visstidsanställning."
)
MONTHS_INVALID = "Skriv antalet månader som ett tal mellan 0 och 600, till exempel 14."

# --- identity numbers and references ---
PERSONNUMMER_EMPTY = "Skriv ditt personnummer med tolv siffror, ÅÅÅÅMMDD-XXXX."
PERSONNUMMER_FORMAT = (
    "Ett personnummer har 10 eller 12 siffror: ÅÅÅÅMMDD-XXXX eller ÅÅMMDD-XXXX."
)
PERSONNUMMER_INVALID = (
    "Personnumret stämmer inte: datumet finns inte eller kontrollsiffran (den sista siffran) är fel. "
    "Kontrollera och skriv det igen."
)
DIARIENUMMER_EMPTY = "Skriv beslutets diarienummer. Det står i annonsen eller i beslutet."
DIARIENUMMER_TOO_LONG = "Diarienumret är för långt (högst {max} tecken). Skriv bara själva numret."
DIARIENUMMER_INVALID = (
    "\"{value}\" ser inte ut som ett diarienummer. Ett diarienummer innehåller siffror, till exempel "
    "\"FK 2026/012345\" eller \"2.3.4-2026-5566\"."
)

# --- free-text letter fields ---
TEXT_EMPTY = "Fältet {label} får inte vara tomt."
TEXT_TOO_LONG = "Fältet {label} är för långt (högst {max} tecken)."
TEXT_TOO_SHORT = "Fältet {label} är för kort (minst {min} tecken)."
TEXT_CONTROL_CHARS = "Fältet {label} innehåller otillåtna tecken."
ADDRESS_INCOMPLETE = (
    "Skriv hela adressen med gatuadress, postnummer och ort, till exempel \"Storgatan 1, 123 45 Karlstad\"."
)
NAME_INVALID = "Skriv ditt för- och efternamn, till exempel \"Anna Svensson\"."
EMAIL_INVALID = "Skriv en e-postadress, till exempel \"anna.svensson@exempel.se\"."
PHONE_INVALID = "Skriv ett telefonnummer med 6 till 15 siffror, till exempel \"+46 70 123 45 67\"."
CONTACT_INVALID = (
    "Skriv en e-postadress eller ett telefonnummer som arbetsgivaren kan nå dig på, till exempel "
    "\"anna.svensson@exempel.se\" eller \"070-123 45 67\"."
)

# --- the appeal letter (Överklagande av anställningsbeslut); the templates lay these texts out ---
DIARIENUMMER_IS_PERSONNUMMER = (
    "Det där ser ut som ett personnummer. Skriv beslutets diarienummer; det står i annonsen eller "
    "i beslutet."
)
LETTER_TITLE = "Överklagande av anställningsbeslut"
LETTER_PLACE_AND_DATE = "{town} den {date}"
LETTER_PERSONNUMMER_LABEL = "Personnummer"
LETTER_POSITION_LABEL = "Anställning"
LETTER_DIARIENUMMER_LABEL = "Diarienummer"
LETTER_APPOINTEE_LABEL = "Överklagandet gäller"
LETTER_POSTED_ON_LABEL = "Beslutet anslogs"
LETTER_INTRO = "Jag överklagar {agency_genitive} beslut om anställning i ärendet ovan."
LETTER_REQUEST_HEADING = "Vad jag begär"
LETTER_REQUEST = "Jag begär att beslutet ändras så att jag får anställningen i stället."
LETTER_GROUNDS_HEADING = "Varför beslutet är fel"
LETTER_SIGNATURE_LABEL = "Underskrift"
LETTER_SENDING_HEADING = "Så skickar du överklagandet"
LETTER_SENDING_NOTE = "Rutan är en påminnelse till dig. Du behöver inte skicka med den."
LETTER_SEND_SIGN = "Skriv ut brevet och skriv under det för hand."
LETTER_SEND_ENVELOPE = "Skicka det med post till adressen ovan och märk kuvertet med ”{marking}”."
LETTER_SEND_EMAIL = "Du kan också mejla överklagandet till {email}."
LETTER_SEND_POST_ONLY = "{agency} anger bara en postadress för överklaganden, så skicka det med post."
LETTER_SEND_DEADLINE = (
    "Överklagandet måste ha kommit in till {agency} senast {deadline}. Det räcker inte att du postar "
    "det den dagen."
)
LETTER_SEND_DEADLINE_PASSED = (
    "Sista dagen för överklagandet att komma in till {agency} var {deadline}, och den dagen har redan "
    "varit. Ett överklagande som kommer in för sent avvisas, om inte myndigheten gav en felaktig "
    "överklagandehänvisning. Fråga {agency} om du är osäker."
)
LETTER_SEND_DEADLINE_UNKNOWN = (
    "Överklagandet måste ha kommit in till {agency} inom tre veckor från den dag beslutet anslogs på "
    "myndighetens anslagstavla ({notice_board}). Det räcker inte att du postar det inom tre veckor."
)
LETTER_CALENDAR_LINK = "Lägg till i kalendern"
LETTER_SEND_FORWARDED = (
    "{agency} kontrollerar att överklagandet har kommit in i tid och skickar det sedan vidare till "
    "Statens överklagandenämnd, som prövar det."
)

# --- chat answers to the re-employment walk-through (hiring_rules.answers) ---
TERMINATION_REASON_UNREADABLE = (
    "Jag förstod inte varför anställningen upphörde. Välj en knapp eller skriv arbetsbrist, "
    "egen uppsägning, personliga skäl eller annat."
)
EMPLOYMENT_TYPE_UNREADABLE = (
    "Jag förstod inte anställningsformen. Välj en knapp eller skriv tillsvidare, särskild "
    "visstidsanställning (SÄVA), vikariat, säsongsarbete eller annan visstidsanställning."
)
MONTHS_UNREADABLE = (
    "Jag förstod inte \"{value}\". Skriv hur länge du var anställd hos arbetsgivaren under de senaste tre "
    "åren, till exempel \"14\", \"14 månader\" eller \"ett och ett halvt år\"."
)
YES_NO_UNREADABLE = "Svara ja eller nej."

# --- HR contacts as one line of text (hiring_rules.contacts) ---
HR_CONTACT_PHONE = "telefon {phone}"
HR_CONTACT_EMAIL = "e-post {email}"
AGENCY_NOT_RECOGNISED = (
    "Jag känner inte igen någon arbetsgivare i \"{value}\". Jag kan svara för {names}. Välj en av knapparna."
)

# --- personnummer kept out of other fields (hiring_rules.sealing) ---
PERSONNUMMER_NOT_HERE = (
    "Det där ser ut som ett personnummer. Skriv inte personnummer i fältet {label}; jag frågar efter "
    "ditt personnummer för sig."
)

# --- HR answer search (hiring_rules.answer_index) ---
ANSWER_ALL_EMPLOYERS = "Alla arbetsgivare"
ANSWER_QUERY_EMPTY = "Skriv minst ett ord att söka efter."
ANSWER_QUERY_TOO_LONG = "Skriv högst {max} tecken."

# --- the appeal deadline as a calendar file (hiring_rules.deadline_calendar) ---
CALENDAR_NAME = "Sista dag att överklaga"
CALENDAR_SUMMARY = "Sista dag att överklaga till {agency}"
CALENDAR_SEND_TO = "Skicka överklagandet till:"
CALENDAR_MARKING = "Märk kuvertet med ”{marking}”."
CALENDAR_EMAIL = "Du kan också mejla det till {email}."
CALENDAR_REMINDER = (
    "Om {days} dagar, {deadline}, är sista dagen för ditt överklagande att komma in till {agency}."
)
CALENDAR_DEADLINE_PASSED = (
    "Sista dagen att överklaga var {deadline} och har redan varit, så det finns ingen dag att lägga "
    "in i kalendern."
)

# --- the request for public documents (begäran om allmän handling; hiring_rules.documents_request) ---
DOCUMENTS_TITLE = "Begäran om allmän handling"
DOCUMENTS_DEFAULT = (
    "ansökan från den som fick anställningen, med personligt brev",
    "cv (meritförteckning) för den som fick anställningen",
    "beslutet om anställning",
)
DOCUMENTS_EMPTY = "Skriv vilka handlingar du vill ha, eller utelämna fältet för ansökan, cv och beslut."
DOCUMENTS_TOO_MANY = "Begär högst {max} handlingar i samma begäran."
DOCUMENTS_INTRO = (
    "Jag begär att få kopior av följande allmänna handlingar i {agency_genitive} rekrytering till "
    "anställningen ovan:"
)
DOCUMENTS_REPLY_TO = "Skicka gärna kopiorna med e-post till {email}."
DOCUMENTS_REPLY_BY_EMAIL = "Skicka gärna kopiorna med e-post, som svar på det här meddelandet."
DOCUMENTS_PROMPTLY = "En begäran om allmän handling ska behandlas skyndsamt (2 kap. 15 § tryckfrihetsförordningen)."
DOCUMENTS_APPEAL_RUNNING = "Tiden för att överklaga anställningsbeslutet löper, så jag är tacksam för ett snabbt svar."
DOCUMENTS_GREETING = "Med vänliga hälsningar"
DOCUMENTS_SENDING_HEADING = "Så skickar du begäran"
DOCUMENTS_SEND_EMAIL = "Mejla texten till {email}. Du kan också skicka den med post till adressen ovan."
DOCUMENTS_SEND_EMAIL_ONLY = "Mejla texten till {email}."
DOCUMENTS_SEND_POST_ONLY = "{agency} anger ingen e-postadress för det här, så skicka begäran med post till adressen ovan."
DOCUMENTS_SEND_NO_ADDRESS = (
    "Vi har ingen adress till {agency} för begäran. Fråga efter registratorn, eller skicka den till "
    "kontakten för rekryteringen: {contacts}"
)
DOCUMENTS_SEND_ANONYMOUS = (
    "Du behöver inte tala om vem du är eller varför du vill ha handlingarna (2 kap. 18 § "
    "tryckfrihetsförordningen)."
)
DOCUMENTS_SEND_WHERE_TO_REPLY = (
    "Skickar du begäran med post utan namn och e-postadress, skriv var du vill få kopiorna."
)
DOCUMENTS_SEND_PROMPTLY = (
    "{agency} ska behandla begäran skyndsamt (2 kap. 15 § tryckfrihetsförordningen). Hör av dig igen om "
    "svaret dröjer."
)
DOCUMENTS_SEND_FEES_STATE = (
    "Upp till nio sidor kopior är gratis. Den tionde sidan kostar 50 kronor och varje sida efter den "
    "2 kronor (15–16 §§ avgiftsförordningen 1992:191)."
)
DOCUMENTS_SEND_FEES_OTHER = "{agency} bestämmer själv vad kopior kostar. Fråga gärna innan."
DOCUMENTS_SEND_APPEAL_RUNNING = (
    "De tre veckorna för att överklaga fortsätter att löpa medan du väntar på handlingarna. "
    "Överklagandet måste ha kommit in i tid även om kopiorna dröjer."
)

# --- registration of företrädesrätt (anmälan om företrädesrätt; hiring_rules.reemployment_notice) ---
NOTICE_TITLE = "Anmälan om företrädesrätt till återanställning"
NOTICE_POSITION_LABEL = "Anställning"
NOTICE_LAST_DAY_LABEL = "Sista anställningsdag"
LETTER_EMAIL_LABEL = "E-post"
LETTER_PHONE_LABEL = "Telefon"
NOTICE_CLAIM = (
    "Jag anmäler anspråk på företrädesrätt till återanställning hos {agency} enligt 25 och 27 §§ lagen "
    "(1982:80) om anställningsskydd."
)
NOTICE_GROUND_PAST = (
    "Min anställning som {position} upphörde på grund av arbetsbrist. Min sista anställningsdag var {date}."
)
NOTICE_GROUND_FUTURE = (
    "Min anställning som {position} upphör på grund av arbetsbrist. Min sista anställningsdag är {date}."
)
NOTICE_OFFER = (
    "Jag vill bli erbjuden återanställning när det finns arbete som jag har tillräckliga kvalifikationer "
    "för, till och med {valid_until}."
)
NOTICE_CONFIRM = "Jag ber om en skriftlig bekräftelse på att anmälan har kommit in."
NOTICE_EXPIRED = (
    "Företrädesrätten gäller till nio månader efter sista anställningsdagen, alltså till och med "
    "{valid_until}, och den dagen har redan varit. En anmälan nu ger ingen företrädesrätt."
)
NOTICE_SENDING_HEADING = "Så skickar du anmälan"
NOTICE_SEND_EMAIL = (
    "Mejla anmälan till {email}, eller skriv under den och skicka den med post till adressen ovan."
)
NOTICE_SEND_EMAIL_ONLY = "Mejla anmälan till {email}."
NOTICE_SEND_POST_ONLY = "Skriv under anmälan och skicka den med post till adressen ovan."
NOTICE_SEND_NO_ADDRESS = (
    "Vi har ingen adress till {agency} för anmälan. Lämna den till din chef eller till HR, eller skicka "
    "den till: {contacts}"
)
NOTICE_SEND_SOON = (
    "Företrädesrätten gäller till och med {valid_until}, nio månader efter sista anställningsdagen. "
    "Anmäl så snart du kan, och spara en kopia och bekräftelsen från {agency}."
)
NOTICE_SEND_CONDITIONS = (
    "Anmälan hjälper bara om du uppfyller villkoren för företrädesrätt (LAS 25 §); assistenten kan "
    "kontrollera dem."
)
