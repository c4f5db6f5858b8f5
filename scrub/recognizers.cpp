#include "scrub/recognizers.h"

#include <re2/re2.h>

#include <array>
#include <cctype>
#include <set>

#include "scrub/validators.h"

namespace leakgate::scrub {
namespace {

const std::string kStates =
    "(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|"
    "NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR)";
const std::string kMonth =
    "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    "Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const std::string kMonthCapitals = "(?:JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)";
// Months in lower case, whole words only: "may", "march" and "august" are also words, so the patterns that use these
// ask for a day and a year around them.
const std::string kMonthLower =
    "(?:january|february|march|april|may|june|july|august|september|october|november|december)";
// Not "Green" or "Hill": after a year they end a name as often ("2013 Peter Michael Green").
const std::string kStreetSuffix =
    "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|"
    "Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Alley|Row|Plaza|Loop|Close|Crescent|Cres|Grove|"
    "Gardens|Gdns|Parade|Pde|Mews|Rise|Quay|Wharf|Esplanade|Circuit|Cct|View)";
// The words of a street's name in the languages that write its kind first: 1-4 words on one line that open with a
// capital, a digit or an accented Latin capital ("Alcalá", "5 de Outubro", "Sainte-Catherine Ouest", "Élysée"), and
// the particles between them.
const std::string kPlaceWords =
    R"((?:[A-Z0-9]|[\x{c3}-\x{c5}])(?:[\w'-]|[\x{80}-\x{ff}])*)"
    R"((?:[ \t]+(?:(?:de|del|da|do|dos|das|di|della|la|las|los|el)[ \t]+)?)"
    R"((?:[A-Z]|[\x{c3}-\x{c5}])(?:[\w'-]|[\x{80}-\x{ff}])*){0,3})";
// The states, territories and provinces of Australia and Canada, as addresses write them before a postcode.
const std::string kAustralianAndCanadianStates = "(?:NSW|VIC|QLD|TAS|ACT|NT|SA|WA|ON|QC|BC|AB|MB|SK|NS|NB|NL|PE|YT)";
// Month names in French, Spanish, German (Austrian "Jänner" too), Italian, Portuguese, Turkish, Dutch, Polish
// (genitive and locative),
// Indonesian, Malay, Romanian, Icelandic, Arabic and Urdu, case-insensitive. The patterns run on bytes (Latin-1 mode), where (?i)
// folds single bytes, not the UTF-8 sequences of accented letters: accented letters and their capitals are written as
// alternatives, and Turkish İ beside i.
const std::string kForeignMonth =
    "(?i:janvier|f(?:é|É|e)vrier|mars|avril|mai|juin|juillet|ao(?:û|Û|u)t|septembre|octobre|novembre|"
    "d(?:é|É|e)cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    "diciembre|januar|j(?:ä|Ä)nner|februar|m(?:ä|Ä|a)rz|"
    "juni|juli|oktober|dezember|gennaio|febbraio|aprile|maggio|giugno|luglio|"
    "settembre|ottobre|dicembre|janeiro|fevereiro|mar(?:ç|Ç|c)o|junho|julho|setembro|outubro|dezembro|ocak|"
    "(?:ş|Ş|s)ubat|mart|n(?:i|İ)san|may(?:ı|i)s|haz(?:i|İ)ran|temmuz|a(?:ğ|Ğ|g)ustos|eyl(?:ü|Ü|u)l|ek(?:i|İ)m|"
    "kas(?:ı|i)m|aral(?:ı|i)k|januari|februari|maart|mei|augustus|stycznia|lutego|marca|kwietnia|maja|czerwca|"
    "lipca|sierpnia|wrze(?:ś|Ś|s)nia|pa(?:ź|Ź|z)dziernika|listopada|grudnia|styczniu|lutym|marcu|kwietniu|maju|"
    "czerwcu|lipcu|sierpniu|wrze(?:ś|Ś|s)niu|pa(?:ź|Ź|z)dzierniku|listopadzie|grudniu|maret|agustus|desember|"
    "ianuarie|februarie|martie|aprilie|iunie|iulie|septembrie|octombrie|noiembrie|decembrie|augusti|"
    // Malay (the months it shares with Indonesian are above; not "Mac" or "Julai" without a year).
    "ogos|disember|"
    // Urdu.
    "جنوری|فروری|مارچ|اپریل|مئی|جولائی|ستمبر|اکتوبر|دسمبر|"
    // Icelandic.
    "jan(?:ú|Ú)ar|febr(?:ú|Ú)ar|apr(?:í|Í)l|ma(?:í|Í)|j(?:ú|Ú)n(?:í|Í)|j(?:ú|Ú)l(?:í|Í)|(?:á|Á)g(?:ú|Ú)st|"
    "okt(?:ó|Ó)ber|n(?:ó|Ó)vember|"
    // Arabic, as Egypt and the Gulf name the months and as the Levant and Iraq do.
    "يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|"
    "ديسمبر|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول)";
// The Armenian months in the genitive, as a date writes them, but for March ("մարտի" is also "of a fight"); and the
// Basque months in the genitive, as a date writes them before the day ("azaroaren 22").
const std::string kArmenianMonthGenitive =
    "(?:հունվարի|փետրվարի|ապրիլի|մայիսի|հունիսի|հուլիսի|օգոստոսի|սեպտեմբերի|հոկտեմբերի|նոյեմբերի|դեկտեմբերի)";
const std::string kBasqueMonthGenitive =
    "(?:urtarrilaren|otsailaren|martxoaren|apirilaren|maiatzaren|ekainaren|uztailaren|abuztuaren|irailaren|urriaren|"
    "azaroaren|abenduaren)";
// Months that only a date writes after a day: the genitive of Czech, Slovak, Croatian, Finnish and Greek, the Latvian
// locative, and the months of Hindi, Kazakh and Swahili ("14. svibnja", "5 Μαΐου", "9. novembrī", "12 मार्च", "31
// тамыз", "4 Julai").
const std::string kMonthAfterADay =
    "(?i:ledna|(?:ú|Ú)nora|b(?:ř|Ř)ezna|dubna|kv(?:ě|Ě)tna|(?:č|Č)ervna|(?:č|Č)ervence|srpna|z(?:á|Á)(?:ř|Ř)(?:í|Í)|"
    "(?:ř|Ř)(?:í|Í)jna|listopadu|prosince|janu(?:á|Á)ra|febru(?:á|Á)ra|apr(?:í|Í)la|j(?:ú|Ú)na|j(?:ú|Ú)la|"
    "septembra|okt(?:ó|Ó)bra|novembra|decembra|sije(?:č|Č)nja|velja(?:č|Č)e|o(?:ž|Ž)ujka|travnja|svibnja|lipnja|"
    "srpnja|kolovoza|rujna|prosinca|tammikuuta|helmikuuta|maaliskuuta|huhtikuuta|toukokuuta|"
    "kes(?:ä|Ä)kuuta|hein(?:ä|Ä)kuuta|elokuuta|syyskuuta|lokakuuta|marraskuuta|joulukuuta|"
    "Ιανουαρίου|Φεβρουαρίου|Μαρτίου|Απριλίου|Μαΐου|Μαίου|Ιουνίου|Ιουλίου|Αυγούστου|Σεπτεμβρίου|Οκτωβρίου|Νοεμβρίου|"
    "Δεκεμβρίου|ιανουαρίου|φεβρουαρίου|μαρτίου|απριλίου|μαΐου|μαίου|ιουνίου|ιουλίου|αυγούστου|σεπτεμβρίου|οκτωβρίου|"
    "νοεμβρίου|δεκεμβρίου|ΙΑΝΟΥΑΡΙΟΥ|ΦΕΒΡΟΥΑΡΙΟΥ|ΜΑΡΤΙΟΥ|ΑΠΡΙΛΙΟΥ|ΜΑΪΟΥ|ΜΑΙΟΥ|ΙΟΥΝΙΟΥ|ΙΟΥΛΙΟΥ|ΑΥΓΟΥΣΤΟΥ|"
    "ΣΕΠΤΕΜΒΡΙΟΥ|ΟΚΤΩΒΡΙΟΥ|ΝΟΕΜΒΡΙΟΥ|ΔΕΚΕΜΒΡΙΟΥ|"
    // Swahili (the months it shares with Dutch and Indonesian are in kForeignMonth); not Malay "Mac".
    "aprili|julai|agosti|septemba|oktoba|novemba|desemba|disemba|"
    // Afrikaans, Albanian, Maltese, Irish, Welsh, Haitian Creole, Galician, Catalan, Portuguese, Uzbek and
    // Azerbaijani, Samoan, Fijian, Malagasy and Hausa, without those that are also words or names there or in English
    // ("Julie", "Junie", "Janar", "mars", "Mai", "Medi", "hydref", "shkurt", "gener", "me", "mas", "out", "Mati",
    // "Maji", "Maris").
    "januarie|februarie|prill|qershor|korrik|gusht|shtator|tetor|n(?:ë|Ë)ntor|dhjetor|jannar|"
    "frar|marzu|mejju|(?:ġ|Ġ)unju|lulju|awwissu|settembru|ottubru|novembru|di(?:ċ|Ċ)embru|ean(?:á|Á)ir|feabhra|"
    "m(?:h)?(?:á|Á)rta|aibre(?:á|Á)n|bealtaine|meitheamh|i(?:ú|Ú)il|l(?:ú|Ú)nasa|(?:me(?:á|Á)n|deireadh) f(?:ó|Ó)mhair|"
    "ionawr|chwefror|ebrill|mehefin|gorffennaf|tachwedd|rhagfyr|janvye|fevriye|jiy(?:è|È)|septanm|"
    "okt(?:ò|Ò)b|novanm|desanm|xaneiro|febreiro|xu(?:ñ|Ñ)o|xullo|novembro|decembro|febrer|maig|juny|juliol|"
    "setembre|desembre|yanvar|fevral|aprel|iyun|iyul|avgust|avqust|sentabr|sentyabr|oktabr|oktyabr|noyabr|dekabr|"
    "ianuari|fepuari|aperila|aokuso|setema|oketopa|novema|tesema|janueri|feperueri|epereli|jiune|okosita|seviteba|"
    "okotova|noveba|tiseba|janoary|febroary|martsa|aogositra|septambra|novambra|desambra|janairu|faburairu|afrilu|"
    "satumba|nuwamba|disamba|"
    // Latvian in the locative, as a date writes it ("9. novembrī").
    "janv(?:ā|Ā)r(?:ī|Ī)|febru(?:ā|Ā)r(?:ī|Ī)|mart(?:ā|Ā)|apr(?:ī|Ī)l(?:ī|Ī)|maij(?:ā|Ā)|j(?:ū|Ū)nij(?:ā|Ā)|"
    "j(?:ū|Ū)lij(?:ā|Ā)|august(?:ā|Ā)|septembr(?:ī|Ī)|oktobr(?:ī|Ī)|novembr(?:ī|Ī)|decembr(?:ī|Ī))|"
    // Belarusian in the genitive, and Georgian (with its dative).
    "студзеня|лютага|сакавіка|красавіка|траўня|чэрвеня|ліпеня|жніўня|верасня|кастрычніка|лістапада|снежня|"
    "იანვარი|თებერვალი|მარტი|აპრილი|მაისი|ივნისი|ივლისი|აგვისტო|სექტემბერი|ოქტომბერი|ნოემბერი|დეკემბერი|"
    "იანვარს|თებერვალს|მარტს|აპრილს|მაისს|ივნისს|ივლისს|აგვისტოს|სექტემბერს|ოქტომბერს|ნოემბერს|დეკემბერს|"
    // Armenian in the genitive, but for "մարտի", also "of a fight".
    + kArmenianMonthGenitive + "|"
    "जनवरी|फ़रवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|अक्तूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर|"
    "қаңтар|ақпан|наурыз|сәуір|мамыр|шілде|тамыз|қыркүйек|қараша|желтоқсан";
// The months of the Ethiopian calendar in Ge'ez script, as Amharic writes them, and the names Tigrinya gives the
// Gregorian months in Eritrea ("ለካቲት", "ጥቅምቲ").
const std::string kEthiopianMonthGeez =
    "(?:መስከረም|ጥቅምት|ኅዳር|ህዳር|ታኅሣሥ|ታህሳስ|ጥር|የካቲት|መጋቢት|ሚያዝያ|ግንቦት|ሰኔ|ሐምሌ|ሃምሌ|ነሐሴ|ነሃሴ|ጳጉሜ)";
const std::string kTigrinyaMonth = "(?:ጥሪ|ለካቲት|መጋቢት|ሚያዝያ|ግንቦት|ሰነ|ሓምለ|ነሓሰ|መስከረም|ጥቅምቲ|ሕዳር|ታሕሳስ)";
// Months in Latin letters that a date writes after the day and before its year, in languages no list above holds:
// Irish "Samhain" and "Nollaig", Wolof, Igbo, Xhosa and Zulu, Tongan, Maori, Fijian, Serbian and Bosnian, Guarani,
// and Quechua. Each is also a word or a name alone, so a date with them needs its year.
const std::string kMonthNeedingAYear =
    "(?i:samhain|nollaig|samwiyee|fewriyee|m(?:à|À)rs|awril|suwe|sulet|sattumbar|oktoobar|now(?:à|À)mbar|"
    "des(?:à|À)mbar|jen(?:ụ|Ụ)war(?:ị|Ị)|feb(?:ụ|Ụ)war(?:ị|Ị)|mach(?:ị|Ị)|eprel|jula(?:ị|Ị)|(?:ọ|Ọ)g(?:ọ|Ọ)st|"
    "(?:ọ|Ọ)ktoba|januwari|janyuwari|februwari|matshi|mashi|epreli|ephreli|meyi|julayi|agasti|septhemba|okthobha|"
    "okthoba|canzibe|eyomqungu|eyomdumba|eyokwindla|tshazimpuzi|eyesilimela|eyekhala|eyethupha|eyomsintsi|"
    "eyedwarha|eyenkanga|eyomnga|masingana|nhlolanja|ndasa|mbasa|nhlaba|nhlangulana|ntulikazi|ncwaba|mandulo|"
    "mfumfu|lwezi|zibandlela|s(?:ā|Ā)nuali|f(?:ē|Ē)pueli|ma(?:ʻ|')asi|(?:ʻ|')?epeleli|sune|siulai|(?:ʻ|')?aokosi|"
    "sepitema|(?:ʻ|')?okatopa|n(?:ō|Ō)vema|t(?:ī|Ī)sema|kohit(?:ā|Ā)tea|hui-tanguru|pout(?:ū|Ū)-te-rangi|"
    "paenga-wh(?:ā|Ā)wh(?:ā|Ā)|haratua|pipiri|h(?:ō|Ō)ngongoi|here-turi-k(?:ō|Ō)k(?:ā|Ā)|mahuru|"
    "whiringa-(?:ā|Ā)-nuku|whiringa-(?:ā|Ā)-rangi|hakihea|h(?:ā|Ā)nuere|p(?:ē|Ē)puere|m(?:ā|Ā)ehe|(?:ā|Ā)perira|"
    "hune|h(?:ū|Ū)rae|(?:ā|Ā)kuhata|hepetema|oketopa|noema|t(?:ī|Ī)hema|janueri|feperueri|epereli|okosita|"
    "seviteba|okotova|noveba|tiseba|septembar|oktobar|novembar|decembar|"
    "jasy(?:te(?:ĩ|Ĩ)|k(?:õ|Õ)i|apy|rundy|po|pote(?:ĩ|Ĩ)|pok(?:õ|Õ)i|poapy|porundy|pa|pate(?:ĩ|Ĩ)|pak(?:õ|Õ)i)|"
    "qhapaq raymi|hatun puquy|pawqar waray|ayriway|aymuray|inti raymi|anta situwa|qhapaq situwa|quya raymi|"
    "uma raymi|aya marq'a|qhapaq inti raymi)";
// The months of the other languages of the European Union as a date writes them after the day, and of Swahili, Hindi,
// Kazakh and Malay: those of kMonthAfterADay, and Slovak "augusta" and "mája", Croatian "studenog", Slovenian, Danish,
// Estonian, Malay "Mac", Swahili "Machi" and Kazakh "маусым" and "қазан", which are also names or words
// ("Augusta", "Mája", "studenog pića", "Julija", "marts", "season", "cauldron"), so that a date with them needs its
// year. Not "maj", which is also "major".
const std::string kEuropeanMonth =
    "(?:" + kMonthAfterADay +
    "|(?i:augusta|januarja|februarja|aprila|junija|julija|avgusta|oktobra|marts|jaanuar(?:il)?|veebruar(?:il)?|"
    "m(?:ä|Ä)rts(?:il)?|aprill(?:il)?|juunil?|juulil?|augustil|septembril|oktoob(?:er|ril)|novembril|detsemb(?:er|ril)|"
    "mac|machi|"
    "m(?:á|Á)ja|studenoga?)|маусым|қазан)";
// The Gregorian months in Tamil, Malayalam, Gujarati, Sinhala, Bengali, Telugu, Kannada, Gurmukhi and Odia script,
// and the months of the Bengali calendar. A letter after one makes it part of a longer word. Gujarati "મે" ("May")
// is also a colloquial "I" ("મે 2 ગોળી લીધી"), so before a day (kSouthAsianMonthNotAWord) only the others are read.
const std::string kSouthAsianMonth =
    "(?:ஜனவரி|பிப்ரவரி|மார்ச்|ஏப்ரல்|மே|ஜூன்|ஜூலை|ஆகஸ்ட்|ஆகஸ்டு|செப்டம்பர்|அக்டோபர்|நவம்பர்|டிசம்பர்|"
    "ജനുവരി|ഫെബ്രുവരി|മാർച്ച്|ഏപ്രിൽ|മേയ്|മെയ്|ജൂൺ|ജൂലൈ|ഓഗസ്റ്റ്|ആഗസ്റ്റ്|സെപ്റ്റംബർ|ഒക്ടോബർ|നവംബർ|ഡിസംബർ|"
    "જાન્યુઆરી|ફેબ્રુઆરી|માર્ચ|એપ્રિલ|મે|જૂન|જુલાઈ|ઓગસ્ટ|ઑગસ્ટ|સપ્ટેમ્બર|ઓક્ટોબર|ઑક્ટોબર|નવેમ્બર|ડિસેમ્બર|"
    "ජනවාරි|පෙබරවාරි|මාර්තු|අප්‍රේල්|අප්රේල්|මැයි|ජූනි|ජූලි|අගෝස්තු|සැප්තැම්බර්|ඔක්තෝබර්|නොවැම්බර්|දෙසැම්බර්|"
    "জানুয়ারি|জানুয়ারী|ফেব্রুয়ারি|ফেব্রুয়ারী|মার্চ|এপ্রিল|মে|জুন|জুলাই|আগস্ট|আগষ্ট|সেপ্টেম্বর|অক্টোবর|নভেম্বর|"
    "ডিসেম্বর|বৈশাখ|জ্যৈষ্ঠ|আষাঢ়|শ্রাবণ|ভাদ্র|আশ্বিন|কার্তিক|অগ্রহায়ণ|পৌষ|মাঘ|ফাল্গুন|চৈত্র|"
    "జనవరి|ఫిబ్రవరి|మార్చి|ఏప్రిల్|మే|జూన్|జూలై|ఆగస్టు|సెప్టెంబర్|సెప్టెంబరు|అక్టోబర్|అక్టోబరు|నవంబర్|నవంబరు|డిసెంబర్|"
    "డిసెంబరు|ಜನವರಿ|ಫೆಬ್ರವರಿ|ಮಾರ್ಚ್|ಏಪ್ರಿಲ್|ಮೇ|ಜೂನ್|ಜುಲೈ|ಆಗಸ್ಟ್|ಸೆಪ್ಟೆಂಬರ್|ಅಕ್ಟೋಬರ್|ನವೆಂಬರ್|ಡಿಸೆಂಬರ್|"
    "ਜਨਵਰੀ|ਫ਼ਰਵਰੀ|ਫਰਵਰੀ|ਮਾਰਚ|ਅਪ੍ਰੈਲ|ਅਪਰੈਲ|ਮਈ|ਜੂਨ|ਜੁਲਾਈ|ਅਗਸਤ|ਸਤੰਬਰ|ਅਕਤੂਬਰ|ਨਵੰਬਰ|ਦਸੰਬਰ|"
    "ଜାନୁଆରୀ|ଫେବୃଆରୀ|ମାର୍ଚ୍ଚ|ଅପ୍ରେଲ|ଜୁନ|ଜୁଲାଇ|ଅଗଷ୍ଟ|ସେପ୍ଟେମ୍ବର|ଅକ୍ଟୋବର|ନଭେମ୍ବର|ଡିସେମ୍ବର)";
const std::string kSouthAsianMonthNotAWord = [] {
  std::string months = kSouthAsianMonth;
  const std::string gujarati_may = "|મે|";
  months.replace(months.find(gujarati_may), gujarati_may.size(), "|");
  return months;
}();
// English month names and abbreviations in lower case or capitals, without "may", which is also a word; the
// abbreviations also stand for other things ("10 dec" in code, "3 OCT scans"), so patterns ask more of them. The
// lower-case abbreviations include the Swedish and Dutch "maj", "mrt" and "okt".
const std::string kMonthFullAnyCase =
    "(?:january|february|march|april|june|july|august|september|october|november|december|JANUARY|FEBRUARY|MARCH|"
    "APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)";
const std::string kMonthAbbreviationAnyCase =
    "(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|maj|mrt|okt|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC)";
const std::string kDayOfMonth = "(?:[12]\\d|3[01]|0?[1-9])";
// Abbreviated months in English, French, Spanish, Italian, German, Dutch and Turkish, without those that are also
// words ("may", "dec", "set", "mar", "ara").
const std::string kForeignMonthAbbreviation =
    "(?i:jan|janv|gen|ene|feb|f(?:é|É|e)v|f(?:é|É|e)vr|m(?:ä|Ä)r|mrt|apr|avr|abr|mag|mai|mei|jun|juin|giu|jul|juil|"
    "lug|aug|ago|ao(?:û|Û|u)t|sep|sept|oct|okt|ott|nov|d(?:é|É)c|dic|dez|oca|(?:ş|Ş)ub|nis|haz|tem|a(?:ğ|Ğ)u|eyl|eki|"
    "kas)";
// Weekdays in French, Spanish, German, Italian, Dutch, Turkish and Indonesian, and the Portuguese ones that are also
// ordinals ("segunda" is "second").
const std::string kForeignWeekday =
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|mi(?:é|e)rcoles|jueves|viernes|s(?:á|a)bado|"
    "domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|luned(?:ì|i)|marted(?:ì|i)|"
    "mercoled(?:ì|i)|gioved(?:ì|i)|venerd(?:ì|i)|sabato|domenica|maandag|dinsdag|woensdag|donderdag|vrijdag|"
    "zaterdag|zondag|pazartesi|salı|(?:ç|c)ar(?:ş|s)amba|per(?:ş|s)embe|cumartesi|senin|selasa|rabu|kamis|jumat|sabtu";
const std::string kPortugueseWeekday = "segunda|ter(?:ç|c)a|quarta|quinta|sexta";
// Weekdays as Polish, Czech, Finnish and the Nordic languages abbreviate them in two letters ("pon." is below), which
// are also words elsewhere ("so", "ne", "ma"): only before a day and month with their dots ("st 27. 3."); not "to"
// and "la", Finnish Thursday and Saturday ("rose to 19.3." is a value).
const std::string kTwoLetterWeekday = "po|st|so|ne|ma|ti|ke|pe|su|pt|wt|(?:ú|Ú)t|(?:č|Č)t|p(?:á|Á)|(?:ś|Ś)r";
// The same languages' weekdays written whole (and Malay and Vietnamese ones), and abbreviated in three or more
// letters with French, Spanish and Italian ones. Abbreviations that are also words ("man", "vie": "qualité de vie 7/10") take a day and month with a
// slash only after their own dot ("jeu. 21/03").
const std::string kWeekdayWhole =
    "poniedzia(?:ł|Ł)ek|wtorek|(?:ś|Ś)roda|czwartek|pi(?:ą|Ą)tek|sobota|niedziela|pond(?:ě|Ě)l(?:í|Í)|"
    "(?:ú|Ú)ter(?:ý|Ý)|st(?:ř|Ř)eda|(?:č|Č)tvrtek|p(?:á|Á)tek|ned(?:ě|Ě)le|maanantai(?:na)?|tiistai(?:na)?|"
    "keskiviikko(?:na)?|torstai(?:na)?|perjantai(?:na)?|lauantai(?:na)?|sunnuntai(?:na)?|mandag|tirsdag|onsdag|torsdag|fredag|"
    "l(?:ø|Ø)rdag|s(?:ø|Ø)ndag|m(?:å|Å)ndag|tisdag|l(?:ö|Ö)rdag|s(?:ö|Ö)ndag|isnin|khamis|jumaat|ahad|"
    "th(?:ứ|Ứ)\\s+(?:hai|ba|t(?:ư|Ư)|n(?:ă|Ă)m|s(?:á|Á)u|b(?:ả|Ả)y)|ch(?:ủ|Ủ)\\s+nh(?:ậ|Ậ)t";
const std::string kWeekdayAbbreviation =
    "pon|czw|sob|niedz|man|tir|ons|tor|fre|l(?:ø|Ø|ö|Ö)r|s(?:ø|Ø|ö|Ö)n|m(?:å|Å)n|tis|lun|mar|mer|jeu|ven|sam|dim|"
    "mi(?:é|É)|jue|vie|s(?:á|Á)b|dom|gio|sab";
// Those of them that are no word elsewhere: before a day and month with a slash without their dot ("lun 18/3").
const std::string kWeekdayAbbreviationNoWord = "pon|czw|niedz|lun|mer|jeu|mi(?:é|É)|jue|s(?:á|Á)b|gio|sab";
// Weekdays in Greek, Russian, Ukrainian, Arabic and Hebrew, whole, as a date is written after them.
const std::string kWeekdayOtherScripts =
    "Δευτέρα|Τρίτη|Τετάρτη|Πέμπτη|Παρασκευή|Σάββατο|Κυριακή|ΔΕΥΤΕΡΑ|ΤΡΙΤΗ|ΤΕΤΑΡΤΗ|ΠΕΜΠΤΗ|ΠΑΡΑΣΚΕΥΗ|ΣΑΒΒΑΤΟ|ΚΥΡΙΑΚΗ|"
    "(?:п|П)онедельник|(?:в|В)торник|(?:с|С)ред(?:а|у)|(?:ч|Ч)етверг|(?:п|П)ятниц(?:а|у)|(?:с|С)уббот(?:а|у)|"
    "(?:в|В)оскресенье|(?:п|П)онеділок|(?:в|В)івторок|(?:ч|Ч)етвер|(?:п|П)(?:'|’)ятниц(?:я|ю)|(?:с|С)убот(?:а|у)|"
    "(?:н|Н)еділ(?:я|ю)|"
    "الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|"
    "יום (?:(?:א|ב|ג|ד|ה|ו)(?:'|׳)|ראשון|שני|שלישי|רביעי|חמישי|שישי)|שבת";
// The same abbreviated, and Portuguese ones with their dot: also "cf.", "paragraph" and "sex" ("ср. 4.5", "Παρ. 2.3",
// "Sex. 1/2"), so only before a month of two digits.
const std::string kWeekdayAbbreviationOtherScripts =
    "(?:Δευ|Τρι|Τετ|Πεμ|Παρ|Σαβ|Κυρ)\\.?|"
    "(?:пн|вт|ср|чт|пт|сб|вс|нд|Пн|Вт|Ср|Чт|Пт|Сб|Вс|Нд|ПН|ВТ|СР|ЧТ|ПТ|СБ|ВС|НД)\\.?|"
    "(?i:seg|ter|qua|qui|sex|s(?:á|Á)b|dom)\\.";
// Digits as they are read out ("oh seven seven double oh").
const std::string kDigitWord = "(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)";
const std::string kDigitWordGap = "(?:,\\s*|\\s+|-)";
// The same in German ("null eins sieben eins"), and the numbers France reads a phone number out with: digits and
// pairs ("zéro six, trente-neuf, quatre-vingt-dix-huit").
const std::string kGermanDigitWord = "(?:null|eins|zwei|zwo|drei|vier|f(?:ü|Ü|ue)nf|sechs|sieben|acht|neun)";
// The same in Spanish, Portuguese and Italian ("nueve ocho siete, cinco cinco cinco").
const std::string kRomanceDigitWord =
    "(?:cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|zero|um|dois|tr(?:ê|Ê)s|quatro|sete|oito|nove|due|tre|"
    "quattro|cinque|sei|sette|otto)";
// Spanish pairs and digits ("once, quince, cuarenta y ocho, veintisiete").
const std::string kSpanishNumberWord =
    "(?:cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|"
    "dieci(?:s(?:é|É|e)is|siete|ocho|nueve)|veinte|veinti(?:uno|d(?:ó|Ó|o)s|tr(?:é|É|e)s|cuatro|cinco|s(?:é|É|e)is|"
    "siete|ocho|nueve)|(?:treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)"
    "(?:\\s+y\\s+(?:uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?)";
const std::string kFrenchDigits = "un|deux|trois|quatre|cinq|six|sept|huit|neuf";
const std::string kFrenchNumberWord =
    "(?:(?:quatre-vingts?|soixante|cinquante|quarante|trente|vingt)(?:-et-(?:un|onze)|-(?:dix-sept|dix-huit|dix-neuf|"
    "dix|onze|douze|treize|quatorze|quinze|seize|" + kFrenchDigits + "))?|dix-sept|dix-huit|dix-neuf|dix|onze|douze|"
    "treize|quatorze|quinze|seize|z(?:é|É|e)ro|" + kFrenchDigits + ")";
// Days of the month in Spanish and French words ("veintitrés", "vingt-deux"), and the Spanish months.
const std::string kSpanishDayWord =
    "primero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|diecis(?:é|É|e)is|"
    "diecisiete|dieciocho|diecinueve|veinte|veintiuno|veintid(?:ó|Ó|o)s|veintitr(?:é|É|e)s|veinticuatro|veinticinco|"
    "veintis(?:é|É|e)is|veintisiete|veintiocho|veintinueve|treinta(?:\\s+y\\s+uno)?";
const std::string kFrenchDayWord =
    "premier|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|dix-sept|dix-huit|"
    "dix-neuf|vingt(?:-et-un|-deux|-trois|-quatre|-cinq|-six|-sept|-huit|-neuf)?|trente(?:-et-un)?";
const std::string kSpanishMonth =
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre";
// Days of the month written as ordinal words ("twenty-first").
const std::string kOrdinalWord =
    "(?:twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[- ]first|first|second|third|"
    "fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    "seventeenth|eighteenth|nineteenth|twentieth|thirtieth)";
// Ends a word that may be followed by UTF-8: in Latin-1 mode "\\b" also falls between "apr" and the "è" of "après".
// No-break spaces and Latin-1 punctuation (C2 A0-BF, not the soft hyphen C2 AD), dashes and quotes (E2), CJK
// punctuation (E3) and the Arabic comma and semicolon (D8 8C, D8 9B) still end it. Not inside (?i): case folding
// would let E2 and E3 take C2 and C3, which open Latin-1 letters ("drei" would end inside "dreißig").
const std::string kWordEnd =
    "(?:[^\\w\\x{80}-\\x{ff}]|\\x{c2}[\\x{a0}-\\x{ac}\\x{ae}-\\x{bf}]|[\\x{e2}\\x{e3}]|\\x{d8}[\\x{8c}\\x{9b}]|\\z)";
const std::string kYear = "(?:19|20)\\d{2}";
// A clock time written with am or pm: "2pm", "11am", "10.30 am".
const std::string kAmPmTime = "(?:1[0-2]|0?[1-9])(?:[:.][0-5]\\d)?\\s?(?i:am|pm)";
// The words for a phone, a mobile or a phone number in more languages: Maltese, Basque, Samoan and Tongan, Fijian,
// Maori, Finnish, Latvian, Hungarian, Greek, Welsh, Irish, Breton, Catalan, Icelandic, the Nordic "telefonnummer",
// Persian, Urdu, Amharic and Tigrinya, Somali, Hausa, Zulu and Xhosa, Malagasy, Indonesian, Vietnamese, Khmer, Lao, Bengali, Tamil, Telugu, Kannada, Malayalam, Gujarati, Punjabi, Sinhala, Korean and Guarani. Those that
// open with a capital outside ASCII are written in both cases: a cue is lower-cased in ASCII only.
const std::vector<std::string> kPhoneWordsOfMoreLanguages = {
    "numru tat-telefon", "telefonoa", "tfnoa", "telefoni", "talevoni", "waea", "puh", "puhelin", "tālr", "tālrunis",
    "telefonszám", "telefonszámon", "τηλέφωνο", "Τηλέφωνο", "κινητό", "Κινητό", "ffôn", "Ffôn", "fón", "Fón",
    "pellgomz", "telèfon", "mòbil", "sími", "Sími", "síma", "Síma", "telefonnummer", "mobilnummer", "تلفن", "موبایل",
    "فون", "موبائل", "ስልክ", "ስልኪ", "taleefan", "taleefanka", "waya", "ucingo", "finday", "telp",
    "no hp", "đt", "Đt", "ĐT", "đtdđ", "ĐTDĐ", "ទូរស័ព្ទ", "ទូរសព្ទ", "ເບີໂທ", "ໂທ", "ফোন", "মোবাইল", "தொலைபேசி", "கைபேசி",
    "அலைபேசி", "ఫోన్", "ಫೋನ್", "ದೂರವಾಣಿ", "ഫോൺ", "മൊബൈൽ", "ફોન", "મો", "ਫ਼ੋਨ", "ਫੋਨ", "ਮੋਬਾਈਲ", "දුරකථන",
    "휴대폰", "핸드폰", "pumbyry"};

// Calling and contacting in those languages and some others: Maltese, Basque, Samoan, Tongan, Fijian, Finnish,
// Lithuanian, Latvian, Hungarian, Romanian, Slovak, Slovenian, Russian, Ukrainian, Bulgarian, Greek, Welsh, Irish,
// Catalan, Turkish, Azerbaijani, Persian, Urdu, Somali, Swahili, Zulu, Xhosa, Indonesian, Tagalog, Vietnamese, Tamil,
// Khmer, Portuguese and Spanish (not the Wolof "woo" nor the Hausa "kira": "woo voters", "Kira won").
const std::vector<std::string> kCallingWordsOfMoreLanguages = {
    "ċempel", "Ċempel", "ċemplu", "Ċemplu", "ċempilna", "Ċempilna", "deitu", "deitzeko", "vala'au", "valaau",
    "fetuʻutaki", "veitaratara", "numeroon", "soittamalla", "skambinkite", "skambinti", "zvaniet", "hívja", "hívjon",
    "sunați", "sunati", "volajte", "zavolajte", "pokličite", "звоните", "Звоните", "позвоните", "Позвоните",
    "звоніть", "Звоніть", "телефонуйте", "Телефонуйте", "обадете", "Обадете", "καλέστε", "Καλέστε", "ffoniwch", "glaoigh", "truqueu", "truqui", "arayınız", "arayabilirsiniz",
    "zəng", "تماس", "رابطہ", "wac", "piga", "shayela", "fowunela", "hubungi", "tawagan", "tumawag", "gọi",
    "Gọi", "தொடர்புக்கு", "ទំនាក់ទំនង", "ligue", "ligar", "llamame", "llámame", "llámeme", "llameme"};

// Words people write before a phone number, in English and in the languages of the name lists (German, French,
// Spanish, Italian, Portuguese, Dutch, Polish, Turkish, Vietnamese, Thai, Japanese, Chinese), and calling in some
// others (Icelandic, Croatian, Estonian, Finnish, Haitian Creole), the phone of Mongolian, Georgian and Armenian,
// Chile's "fono", the Hindi and Nepali "office", and the words of the two lists above.
const std::vector<std::string> kPhoneCues = [] {
  std::vector<std::string> cues = {
      "phone", "tel", "call", "ring", "cell", "mobile", "mob", "fax", "landline", "number", "contact", "reach",
      "whatsapp", "handy", "portable", "try", "home", "work", "office", "alt", "ph", "telefon", "mobil", "rufnummer",
      "tél", "téléphone", "joindre", "teléfono", "móvil", "celular", "llamar", "telefono", "cellulare", "telefone",
      "contato", "contacto", "telefoon", "mobiel", "bellen", "kom", "komórka", "cep", "gsm", "sđt", "điện thoại", "電話",
      "携帯", "电话", "手机", "전화", "cel", "celu", "fixo", "telemóvel", "telemovel", "simu", "zap", "тел", "Тел",
      "телефон", "Телефон", "फोन", "फ़ोन", "मोबाइल", "โทร", "rang", "called", "calling", "contacted", "dial",
      "dialled", "dialed", "paged", "kontakt", "festnetz", "연락처", "連絡先", "联系", "telefonu", "zadzwoń", "zadzwon",
      "joignable", "zavolejte", "volejte", "helpline", "hotline", "uan", "fijo", "τηλ", "Τηλ", "ΤΗΛ", "tlf", "যোগাযোগ",
      "सम्पर्क", "संपर्क", "कार्यालय", "ติดต่อ", "문의", "致電", "致电", "请电", "請電", "اتصل", "التواصل", "تليفون", "هاتف", "جوال",
      "טלפון", "נייד", "ဖုန်း", "tlm", "buzz", "msisdn", "手提", "มือถือ", "สอบถาม", "الاتصال", "اتصال", "मो",
      "hringdu", "hringið", "nazovite", "nazovi", "helistage", "helista", "soita", "soittakaa", "утас", "Утас", "УТАС",
      "ტელ", "ტელეფონი", "հեռ", "հեռախոս", "fono", "rele"};
  cues.insert(cues.end(), kPhoneWordsOfMoreLanguages.begin(), kPhoneWordsOfMoreLanguages.end());
  cues.insert(cues.end(), kCallingWordsOfMoreLanguages.begin(), kCallingWordsOfMoreLanguages.end());
  return cues;
}();

// Before a number in three or more groups, also the "al" of Spanish and Italian ("llame al 55 1234 5678", "chiamare al
// 333 123 4567"), the Polish "numer" ("pod numer 22 555 01 47") and the Spanish "call" ("llame a la oficina 93 555 07
// 12"; not "llama", also "is called" and a model's name): after them, a number in other shapes is as often a folio or
// a file number ("Llame al ... Folio 00345/2023").
const std::vector<std::string> kGroupedPhoneCues = [] {
  std::vector<std::string> cues = kPhoneCues;
  cues.insert(cues.end(), {"al", "numer", "llame", "llámenos", "llamenos", "llámanos", "llamanos"});
  return cues;
}();

// Before a call centre's or a landline's number in the shapes of Turkey, Poland, Spain and Portugal, also the desks
// and actions such a number is written for: registration, reception, cancellation, information, "for".
const std::vector<std::string> kLandlineDeskCues = [] {
  std::vector<std::string> cues = kGroupedPhoneCues;
  cues.insert(cues.end(), {"rejestracja", "rejestracji", "recepcja", "odwołanie", "odwołania", "sekretariat",
                           "centrala", "biuro", "oficina", "informes", "información", "cita", "citas", "için",
                           "iletişim", "arayın", "lub"});
  return cues;
}();

// The cues above that name a phone and nothing else: for number shapes that are also amounts ("12 500 000").
const std::vector<std::string> kStrongPhoneCues = [] {
  std::vector<std::string> cues = {
      "phone", "tel", "telephone", "cell", "mobile", "mob", "fax", "landline", "pager", "whatsapp", "ph", "handy",
      "telefon", "mobil", "rufnummer", "tél", "téléphone", "teléfono", "móvil", "celular", "telefono", "cellulare",
      "telefone", "telefoon", "mobiel", "kom", "komórka", "gsm", "sđt", "điện thoại", "電話", "携帯", "电话", "手机",
      "cel", "celu", "telemóvel", "telemovel", "simu", "тел", "Тел", "телефон", "Телефон", "โทร", "festnetz",
      "telefonu", "tlf", "uan", "tlm"};
  cues.insert(cues.end(), kPhoneWordsOfMoreLanguages.begin(), kPhoneWordsOfMoreLanguages.end());
  return cues;
}();

// The cues that may stand before a seven-digit local number ("call 555-0123", "Helpline: 800 5555") or a number read
// out in words: the strong ones, calling verbs and lines that are only ever phones.
const std::vector<std::string> kLocalPhoneCues = [] {
  std::vector<std::string> cues = kStrongPhoneCues;
  cues.insert(cues.end(), {"call", "ring", "reach", "bleep", "dial", "rang", "called", "calling", "dialled", "dialed",
                           "page dr", "paged", "buzz", "helpline", "hotline", "msisdn", "hringdu", "hringið",
                           "nazovite", "nazovi", "helistage", "helista", "soita", "soittakaa", "手提", "มือถือ",
                           "llamar", "llame", "rele", "утас", "Утас", "УТАС", "ტელ", "հեռ", "fono"});
  cues.insert(cues.end(), kCallingWordsOfMoreLanguages.begin(), kCallingWordsOfMoreLanguages.end());
  return cues;
}();

// Before ten digits as India writes a mobile: the words that name a phone (and the Hindi for a mobile, "मो."), and
// calling ("ring" and "reach" also measure: "Ring buffer size 8589934592").
const std::vector<std::string> kTenDigitMobileCues = [] {
  std::vector<std::string> cues = kStrongPhoneCues;
  cues.insert(cues.end(), {"call", "called", "calling", "dial", "मोबाइल", "मो."});
  return cues;
}();

// Before eight digits in two groups of four ("Office: 6744 2190", "mobile is 9123 4567", as Singapore, Hong Kong and
// the Gulf write their numbers) also an office or a home line; not "number" ("auth number 4471 2290"), and with a
// space only ("claim batch 7723-4415" is a reference).
const std::vector<std::string> kEightDigitPhoneCues = [] {
  std::vector<std::string> cues = kLocalPhoneCues;
  std::erase(cues, "ph");  // "pH 7.4 measured 2345 6789 samples"
  cues.insert(cues.end(), {"office", "home", "hp", "wa", "辦公室", "办公室", "请电", "請電",
                           "致電", "致电", "my number", "his number", "her number", "their number"});
  return cues;
}();

// Before a hyphenated local number also next of kin ("pt's daughter on 555-0142").
const std::vector<std::string> kKinLocalPhoneCues = [] {
  std::vector<std::string> cues = kLocalPhoneCues;
  cues.insert(cues.end(), {"daughter", "son", "wife", "husband", "mum", "mom", "dad", "nok", "sister", "brother",
                           "partner"});
  return cues;
}();

// Before a number read out in words also "my number is", as voicemail transcripts write it, and "callback" ("gave
// callback as "oh seven seven double oh, ...").
const std::vector<std::string> kSaudiUnifiedCues = {"اتصل", "الاتصال", "اتصال", "للتواصل", "تواصل", "التواصل",
                                                     "للاستفسار", "الموحد", "هاتف", "الهاتف", "phone", "call us"};
const std::vector<std::string> kSpelledPhoneCues = [] {
  std::vector<std::string> cues = kLocalPhoneCues;
  cues.insert(cues.end(), {"number is", "number's", "number was", "number as", "callback", "call back", "numéro",
                           "nummer", "rappelez", "appelez", "rappeler", "anrufen", "portable", "erreichbar",
                           "zurück unter", "rückruf", "llámenos", "llamenos", "llame", "llamar", "chiamare", "chiami",
                           "ligue", "ligar", "llamame", "llámame"});
  return cues;
}();

// A cue after which a number with a trunk 0 and no separators is a tax, tracking, order or case number, not a phone:
// patterns match it as an alternative without a value, so nothing is reported.
const std::string kNotAPhoneBefore =
    R"((?i:\b(?:cpf|cnpj|tracking|awb|consignment|order|case|invoice|ref)\b)[^\d\n]{0,16})";

// A tax or customer number's own label right before it ("NIP 123-456-32-18", "Kundennr. 100 482 731", "会員番号
// 3310-2245-09", a conference call's "PIN 448 120 37", in capitals: "Pin" is also a name): only "nr", "no", a colon
// or "#" between them, so that a phone cue after the label still counts.
const std::string kIdNumberBefore =
    R"((?:(?i:\b(?:nip|dni|nif|regon|pesel|kundennr|kunden-nr|steuernr|steuer-nr|ust-idnr|passcode)\b)|\bPIN\b|)"
    R"(会員番号|고객번호))"
    R"(\.?\s*(?:(?i:nr|no)\.?\s*)?[:#]?\s*)";

// "number is", "no.", "#", ":" between a cue and the identifier.
const std::string kCueGlue = R"((?i:\s+(?:number|num|no\.?|#|id))?\s*(?i:is\s+|was\s+)?[:#]?\s*)";

// Another ordinal day after "and", "to", "until", ... that ends a range: with its month, or before punctuation, "at" or
// the end ("the 2nd and 3rd floors" is no range).
const std::string kOrdinalDayEndingARange =
    R"(\s+(?i:and|or|-|to|until|till|through)\s+(?:the\s+)?(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?:\s+)" + kMonth +
    R"(\b|\s*[.,;:!?)\n]|\s+(?:at|but)\s|\s*\z))";

std::vector<PatternRecognizer> make_recognizers() {
  // Not before a letter beyond ASCII, which Latin-1 mode's \b does not see: "2002 Dirk Stöcker", "2007 Sebastian
  // Dröge" are people.
  const std::string street =
      R"(((?:\b(?:Flat|Apt|Apartment|Unit|Suite|Ste)\.?\s*#?\d{1,4}(?:/\d{1,2})?[A-Z]?,\s*)?(?:\b\d{1,4}[A-Z]?[/-])?)"
      R"(\b\d{1,6}[A-Z]?(?:\s+(?:[NSEW]\.?|North|South|East|West))?(?:\s+(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))){1,3}\s+)" +
      kStreetSuffix + R"(\b\.?(?:\s+(?:[NS]\.?[EW]|[NSEW])\b\.?)?)" +
      R"((?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Room|Rm|#)\.?\s*#?[A-Za-z0-9-]+)?)" +
      R"((?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},\s*)" + kStates + R"(\b)?)(?:[^\w\x{80}-\x{ff}]|\z))";
  // The same in capitals ("FLAT 3, 22 MILLBROOK ROAD,"), only before a comma or a line's end: in capitals more
  // phrases end as a street does ("2 WEEKS CLOSE MONITORING", "2 UNITS INSULIN DR").
  const std::string street_in_capitals =
      R"(((?:\b(?:FLAT|APT|APARTMENT|UNIT|SUITE|STE)\.?\s*#?\d{1,4}[A-Z]?,\s*)?(?:\b\d{1,4}[A-Z]?[/-])?)"
      R"(\b\d{1,6}[A-Z]?(?:\s+(?:[NSEW]\.?|NORTH|SOUTH|EAST|WEST))?(?:\s+[A-Z]{2,}){1,3}\s+)"
      R"((?:STREET|ST|AVENUE|AVE|ROAD|RD|BOULEVARD|BLVD|LANE|LN|DRIVE|COURT|PLACE|TERRACE|CRESCENT|CLOSE|GROVE|)"
      R"(GARDENS|PARADE|MEWS|SQUARE|HIGHWAY)\b\.?)(?:,|(?m:$)))";
  return {
      {"email", "EMAIL", R"(\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b)", "",
       {"email", "e-mail", "mail", "contact"}, 0.95},
      // An area code in brackets and seven digits, however spaced, with any exchange ("(555) 123-4567" is how people
      // write a number they make up or half remember) and the country code 1 before it: "( 212 ) 555 - 0171",
      // "(555)1234567", "1 (555) 123-4567".
      {"spaced_us_phone", "PHONE",
       R"((?:(?:\+|\b)1\s?)?\(\s?[2-9]\d{2}\s?\)\s?\d{3}(?:\s?[-.]\s?|\s)?\d{4}\b)", "", {}, 0.75},
      {"us_phone", "PHONE",
       R"((?:\+1[\s.-]?|\b1[.-])?)"
       R"((?:\([2-9]\d{2}\)\s?|\b(?:[2-9]\d{2}|1 8(?:00|33|44|55|66|77|88))(?:\s?(?:-|–)\s?|[\s.])))"
       R"([2-9]\d{2}(?:\s?(?:-|–)\s?|[\s.]))"
       R"(\d{4}\b)"
       R"((?:\s*(?:x|ext\.?)\s*\d{1,5}\b)?)",
       "", {"phone", "tel", "call", "cell", "mobile", "fax", "contact", "reach", "pager", "number"}, 0.75},
      {"intl_phone", "PHONE", R"(\+[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,5}\)?){1,5}\b)", "phone",
       {"phone", "tel", "call", "cell", "mobile", "fax", "whatsapp", "contact"}, 0.75},
      {"cued_phone", "PHONE",
       R"((?:\b(?i:phone|tel|cell|mobile|mob\b|fax|pager|call|ring|whatsapp|landline|)"
       R"(ll(?:á|a)m(?:e|a|ame|enos|ar)|chiam(?:a|i|ami|are|ateci)|ligue|appelez|appelle|rappelez|anrufen|)"
       R"(zadzwo(?:ń|n))|)"
       R"(电话|手机|電話|携帯|전화|휴대폰))"
       R"([^\d\n]{0,12}(\d{10,11})\b)",
       "", {}, 0.8},
      // Ten or eleven digits right after "text", "SMS", "contact", "CB" (call back) or "Ph", and at most "me on" or
      // "number" ("text me at 5551234567", "CB 5551234567", "Contact no. 9876543210", "Ph# 5551234567"); with other
      // words between, as in "Contact lens order 1234567890", they are not a phone.
      {"cued_contact_phone", "PHONE",
       R"(\b(?i:text|txt|sms|contact|cb|ph)(?:\s+(?i:me|us|him|her|them))?)"
       R"((?:\s+(?i:number|no\.?|nr|details|on|at|to))?\s*[:#]?\s*(\d{10,11})\b)",
       "", {}, 0.8},
      // A mobile with its trunk 0 right after next of kin ("Mum 0412345678", "Dad: 07700900123"; not "NOK 1500000000",
      // the Norwegian krone, or Spanish "son 2500000000").
      {"kin_mobile_phone", "PHONE",
       R"(\b(?i:mum|mom|mother|dad|father|daughter|son|wife|husband|nok|sister|brother|partner)(?:'s)?\s*[:#(]?\s*)"
       R"((0\d{9,10})\b)",
       "", {}, 0.8},
      // National numbers with a trunk 0 ("07700 900461", "(02) 5550 1234", "030/555 21 87", "06.55.55.43.21") or an
      // international 00 ("0044 20 7946 0314"): only with a cue word before them.
      {"trunk_phone", "PHONE",
       kNotAPhoneBefore + R"(0\d{9,10}\b|)"
           R"(((?:\(0\d{1,4}\)|\b0\d{1,4})(?:[\s/.-]|\s-\s)?\d{2,5}(?:[\s.-]?\d{2,5}){0,3})\b)",
       "phone", kPhoneCues, 0.4},
      // A mobile or landline written whole with its trunk 0, as text messages and forms write it ("old one 0491570110
      // is dead", "sent to JANE WANJIKU 0712345678", Egypt's and Bangladesh's "01819447203"), with no cue: neither
      // corpus holds ten or eleven such digits alone. Not ten digits opening with "01", as Nigerian bank accounts do
      // ("GTB acct 0123984471"), nor after a label of an account, an order or an identity number ("ΑΜΚΑ 01014712345":
      // matched, not reported).
      {"bare_trunk_phone", "PHONE",
       R"((?:(?i:\b(?:acct|account|a/c|iban|nuban|bvn|nin|amka|ref|order|invoice|case|tracking|awb|consignment|cpf|)"
       R"(cnpj|id|personnummer|personnr|cpr|hetu|bsn|pesel|egn|ssn|nhs|nhi|mrn|f(?:ø|Ø)dselsnummer)\b)|ΑΜΚΑ))"
       R"([^\d\n]{0,16}0\d{9,10}\b|(?:^|[^\w.+/-])(0[2-9]\d{8,9}|01\d{9})(?:[^\w.-]|\z))",
       "phone", {}, 0.6},
      // A landline of Israel or Thailand: a one-digit area code with its trunk 0, a hyphen and seven digits
      // ("03-6124455", "02-123-4567"), with no cue: neither corpus writes that shape, nor does a date. Not inside a
      // longer code ("CASE-03-6124455", "12-03-6124455", "02-123-4567.5"), nor after the label of a lot, a batch, a
      // reference or a US employer's tax number, which has the same shape ("Lot 04-221-0098", "EIN 04-3456789":
      // matched, not reported).
      {"hyphenated_area_landline", "PHONE",
       R"((?i:\b(?:lot|batch|ref|serial|sku|model|order|invoice|case|ein|tin|tax|range)\b)[^\d\n]{0,6}0[2-9]-\d{3}-?)"
       R"(\d{4}|(?:^|[^\w./-])(0[2-9]-\d{3}-?\d{4})(?:[^\w./-]|[.](?:\D|\z)|-[^\w]|\z))",
       "phone", {}, 0.6},
      // An Indian mobile as India writes it, five and five digits opening with 6 to 9 ("Mobile: 98450 17734"), after a
      // phone cue: two codes or amounts side by side are written so too ("CPT 99213 85025", "ZIPs 94103 95014"). Not
      // in a run of such groups ("12345 67890 12345": the first is matched, not reported), nor after a digit and a
      // colon ("3:98480 22107"), nor as neighbouring codes are (validator five_five_mobile).
      {"indian_mobile_five_five", "PHONE",
       R"(\d[ \t]+[6-9]\d{4} \d{5}|(?:^|[^\w.,/:-])([6-9]\d{4} \d{5})(?:[ \t]*(?:[^\d\s.,/-]|\n|\z)|[.,](?:\D|\z)))",
       "five_five_mobile", kPhoneCues, 0.4},
      // The same in one run of ten digits ("NOK Sunita 9876012345", "9820155042 pe call kar lena"): after a word that
      // names a phone or a call ("PO number 6175550148" is an order's, "Reach 6000000000 people" a count), a person's
      // name, or before a word of calling (Scrubber); not an NHS number, whose check digit holds, nor a round number.
      {"indian_mobile_ten_digits", "PHONE", R"((?:^|[^\w.,/:+-])([6-9]\d{9})(?:[^\w.,/-]|[.,](?:\D|\z)|\z))",
       "ten_digit_mobile", kTenDigitMobileCues, 0.2},
      // A Nepali mobile as Nepal writes it, four and six digits opening with 97 or 98 ("९८४१-२३४५६७", read in ASCII
      // digits): the shape alone is a phone, but not after the label of an order, a bill, an account or a price
      // ("Order 9812-345678", "बिल नं. ९८१२-३४५६७८", "NPR 9800-150000": matched, not reported).
      {"nepali_mobile", "PHONE",
       R"((?:(?i:\b(?:invoice|order|ref|case|tracking|batch|lot|part|model|acct|account|contract|bestellung|pedido|)"
       R"(rechnung|factura|isbn|pages?|npr|rs|salary)\b\.?\s*(?:no\.?|nr\.?|number|#)?\s*:?\s*)|)"
       R"((?:बिल|खाता)\s*नं\.?\s*:?\s*)9[78]\d{2}-\d{6}|)"
       R"((?:^|[^\w.,/:+-])(9[78]\d{2}-\d{6})(?:[^\w.,/-]|[.,](?:\D|\z)|\z))",
       "", {}, 0.6},
      // The same written in three or more groups with 10 to 15 digits in all ("0161 496 0832", "04 72 55 50 18",
      // "(02) 5550 1234", and as Germany and Austria write them, "0664 / 381 22 09", "0221 / 42 18 77-0"): the shape
      // alone is a phone number, cue or not. Dates and times have fewer digits. No cue raises it, so that an
      // identifier after its own cue ("Account number 0045 8821 9930") keeps its type.
      {"grouped_trunk_phone", "PHONE",
       R"((?:(?:\(0\d{1,4}\)|\b0\d{1,4})[ .-]\d{2,5}|\b0\d{2,4}\s?/\s?\d{1,5})(?:[ .-]\d{2,5}){1,3}(?:-\d{1,2})?\b)",
       "grouped_phone", {}, 0.6},
      // Nine digits after a trunk code of one or two digits in brackets, in groups of three and three or four ("(09)
      // 444 7182", "(023) 880 123": New Zealand, Cambodia): the brackets make the shape a phone. Not a volume and its
      // issue ("Vol. 12(03) 456 7890": matched, not reported).
      {"bracketed_trunk_nine_phone", "PHONE",
       R"(\w\(0\d{1,2}\) ?\d{3}[ -]\d{3,4}\b|(\(0\d{1,2}\) ?\d{3}[ -]\d{3,4})\b)", "", {}, 0.6},
      // Japan's trunk and area code, the exchange in brackets, and four digits ("03(5401)2278", "0120(123)456"); not
      // a year in brackets ("Ref 0045(2019)0012": matched, not reported).
      {"bracketed_exchange_phone", "PHONE",
       R"(\b0\d{1,4}\((?:19|20)\d\d\)\d{3,4}\b|\b(0\d{1,4}\(\d{1,4}\)\d{3,4})\b)", "grouped_phone", {}, 0.6},
      // A number in three or more groups without a trunk 0 ("Tel 612 55 53 04", "on 138 2001 4567"): only after a
      // phone cue. Groups of three after the first ("600 555 123") are also how amounts are written ("the number
      // grew to 12 500 000"), and with hyphens how tickets and references are ("ticket 123-456-789"), so that shape
      // needs a cue that names a phone ("Numer telefonu: 601 234 567", "Tel. 601-234-567").
      {"cued_grouped_phone", "PHONE",
       kIdNumberBefore + R"([1-9]\d{1,4}(?:[ .-]\d{2,5}){2,4}\b|(\b[1-9]\d{1,4}(?:[ .-]\d{2,5}){2,4})\b)",
       "cued_grouped_phone", kGroupedPhoneCues, 0.2},
      // A business number in the same shape ("ABN 51 824 753 556", "RCS Paris B 732 829 320", "company no. 12 345
      // 678") is matched, not reported.
      {"cued_thousands_phone", "PHONE",
       R"((?i:\b(?:a\.?b\.?n|acn|tfn|siren|siret|rcs\s+\w+(?:\s+[ab])?|company\s+(?:no|number))\b)\.?[^\d\n]{0,6})"
       R"(\d[\d .]{7,16}\d|)" + kIdNumberBefore +
           R"(\d[\d .]{7,16}\d|\b([1-9]\d{0,2}(?:(?:[ .]\d{3}){2,3}|(?:-\d{3}){2,3}))\b)",
       "thousands_grouped_phone", kStrongPhoneCues, 0.2},
      // Nine digits in groups of three right after a calling verb ("To reschedule call 920 005 512", "Llámame al 612
      // 345 678", "chiamami al 347 123 456", "ligue para 912 345 678", "zavolejte na 602 123 456"): a word between
      // them, as in "a capital call of 25 000 000" or "rang up 12 500 000", makes it an amount.
      // An amount in a currency after "call" ("Capital call 250 000 000 EUR") is matched and not reported.
      {"called_thousands_phone", "PHONE",
       R"((?i:\b(?:call|ring|rang|dial|dialled|dialed)\s+(?:(?:us|me|him|her|them)\s+)?(?:on\s+|at\s+)?|)"
       R"(\b(?:ll(?:á|a)m(?:e|a|ame|enos|ar)|chiam(?:a|i|ami|are|ateci)|ligue|liga|ligar|zavolejte|volejte|)"
       R"(zadzwo(?:ń|n))\s+(?:al\s+|para\s+(?:o\s+)?|na\s+|pod\s+(?:numer\s+)?)?))"
       R"((?:[1-9]\d{2} \d{3} \d{3}\s*(?i:eur|usd|gbp|chf|jpy|dollars?|euros?|pounds?|shares|units)\b|)"
       R"(([1-9]\d{2}(?: \d{3} \d{3}|-\d{3}-\d{3}))\b))",
       "thousands_grouped_phone", {}, 0.8},
      // A trunk 0 and the rest of the number in one group, 10 or 11 digits in all ("0712 345678", "(01632) 960123",
      // "06-12345678"): the shape alone, as with three groups. Not after a decimal point, or a digit and a colon,
      // comma or dash (a time, a price, a sort code), not "00" (a padded identifier), and with a hyphen only after a
      // short trunk code and before seven or eight digits ("0123-456789" is a reference number).
      // The excluded contexts are matched first and not reported, so that the pattern still opens with a digit or a
      // bracket (a leading "any character but these" would make the pattern set scan slowly).
      {"two_group_trunk_phone", "PHONE",
       R"((?:[./#]|\d[,:-])0[1-9]\d{0,3}[ -][1-9]\d{4,7}\b|)"
       R"((\b0[1-9]\d{0,3} [1-9]\d{4,7}|\b0[1-9]\d{0,2}-[1-9]\d{6,7}|\(0[1-9]\d{0,3}\)\s?[1-9]\d{4,7})\b)",
       "two_group_trunk_phone", {}, 0.6},
      // Two groups without a trunk prefix, 8 to 10 digits ("Ph 9876 5432", "mobile: 98765 43210", "Mob: 98401.23456",
      // "Утас: 9911-5523", "rele 2812-5555"), or an Italian mobile's three and seven ("cellulare 347 1234567"): right
      // after a word that names a phone or a call.
      {"cued_two_group_phone", "PHONE",
       R"((?:(?:(?i:\b(?:phone|tel|mobile|mob|cell|ph|whatsapp|handy|cel|celular|m(?:ó|o)vil|telem(?:ó|o)vel|fijo|)"
       R"(cellulare|telefono|call|ring|text|landline|fono|rele|llam(?:ar|e)\s+al))|утас|Утас|УТАС)\.?)"
       R"((?:\s+(?i:no\.?|number|#))?\s*[:#]?\s*)([1-9]\d{3,4}[ -]\d{4,5}|[6-9]\d{4}\.\d{5}|3\d{2}[ -]\d{6,7})\b)",
       "cued_grouped_phone", {}, 0.8},
      // A local number of eight digits in two groups with no cue ("2813-4470", "2133 6420"), not two years: a phone
      // only after a phone and a word for "or" ("+509 3748 2915 oswa 2813-4470", Scrubber), or before an extension or a
      // word of calling; never on its shape, which order and lot numbers share.
      {"local_phone_in_a_list", "PHONE", R"(\b([2-9]\d{3}[ -]\d{4})\b)", "eight_digit_phone", {}, 0.2},
      // An Indian mobile number in its usual two groups of five, opening with 6 to 9 ("Contact Mrs Kapoor 98110
      // 55012"): near a phone cue, since ZIP codes, ports and random-number tables share the shape. Not after a
      // decimal point, or a digit and a comma, colon, dash or space (matched first and not reported).
      {"five_five_mobile_phone", "PHONE", R"((?:[./#]|\d[,: -])[6-9]\d{4} \d{5}\b|(\b[6-9]\d{4} \d{5})\b)", "",
       kPhoneCues, 0.2},
      // A mobile number with its trunk 0 and no separators, 11 digits ("07700900755", "08055501234"), not inside a
      // decimal or a longer number. Not 010-015 (Egypt, Korea): Norwegian and Brazilian personal numbers share them.
      // After a tax-number, tracking, order or case cue it is that (matched, not reported; `trunk_phone` does the
      // same).
      {"mobile_no_separators", "PHONE",
       kNotAPhoneBefore + R"(0[789]\d{9}\b|)"
           R"((?:\.|\d,)0[789]\d{9}\b|\b(0[789]\d{9})\b)",
       "", {}, 0.6},
      // An area code of two digits in brackets, then four digits and four or five and four ("(11) 5555-0123",
      // "(11) 91234-5678": Brazil, Mexico, Argentina); not a page range, years or opening hours.
      {"bracketed_area_phone", "PHONE", R"(\(\d{2}\)\s?(?:\d{4}-\d{4}|\d{5}[- ]\d{4})\b)", "bracketed_area_phone",
       {}, 0.6},
      // Toll-free numbers with letters: "1-800-555-MEDS", "1-800-FLOWERS", "1-800-RIDE-NOW".
      {"vanity_phone", "PHONE",
       R"(\b(?:1[-.])?8(?:00|33|44|55|66|77|88)-)"
       R"((?:\d{3}-[A-Z]{4}|[A-Z]{3}-(?:\d{4}|[A-Z]{4})|[A-Z]{4}-[A-Z]{3}|[A-Z]{7})\b)",
       "", {}, 0.6},
      // A number read out in words, as voicemail transcripts write it ("six one seven, five five five, oh one nine
      // three", "oh seven seven double oh, nine double oh, four six one", "null eins sieben eins, zwei drei vier, ...",
      // "nueve ocho siete, cinco cinco cinco, ...", "zéro six, trente-neuf, quatre-vingt-dix-huit, ..."): seven to
      // fifteen digits, after a phone cue.
      {"spelled_phone", "PHONE",
       "(?i)\\b(" + kDigitWord + "(?:" + kDigitWordGap + kDigitWord + "){6,}(?:,?\\s+(?:extension|ext\\.?)\\s+" +
           kDigitWord + "(?:" + kDigitWordGap + kDigitWord + ")*)?)\\b",
       "spelled_phone", kSpelledPhoneCues, 0.2, false, true},
      {"spelled_phone_german", "PHONE",
       "\\b((?i:" + kGermanDigitWord + "(?:" + kDigitWordGap + kGermanDigitWord + "){6,}))" + kWordEnd,
       "spelled_phone", kSpelledPhoneCues, 0.2, false, true},
      // "number as 0 2 0 7 9 4 6 0 9 5 8", "Tel: 0 1 1 - 5 5 5 - 0 1 8 0": nine to fifteen digits read out one by one
      // from a trunk 0 ("Ring sizes 5 6 7 8 9 ..." is a list), after a word that names a phone or a call ("home",
      // "office" and "contact" also head score lines and matrices).
      {"digit_by_digit_phone", "PHONE", R"(\b(0(?: (?:- )?\d){8,14})\b)", "spelled_phone", kSpelledPhoneCues, 0.2},
      // The same for a North American number of ten digits, whose area code opens with 2 to 9 ("Ph: 3 1 4 - 5 5 5 - 0 1
      // 3 8"), after the same cues: ten digits and no more, after a word or a mark (a run of spaced digits is read once,
      // not at every digit).
      {"digit_by_digit_phone_ten", "PHONE",
       R"((?:^|[^\d\s])\s?([2-9](?: (?:- )?\d){9})(?:\z|[^ \d]| [^\d-]))", "spelled_phone", kSpelledPhoneCues,
       0.2},
      {"spelled_phone_romance", "PHONE",
       "\\b((?i:" + kRomanceDigitWord + "(?:" + kDigitWordGap + kRomanceDigitWord + "){6,}))" + kWordEnd,
       "spelled_phone", kSpelledPhoneCues, 0.2, false, true},
      {"spelled_phone_spanish", "PHONE",
       "\\b((?i:" + kSpanishNumberWord + "(?:" + kDigitWordGap + kSpanishNumberWord + "){4,}))" + kWordEnd,
       "spelled_phone", kSpelledPhoneCues, 0.2, false, true},
      {"spelled_phone_french", "PHONE",
       "\\b((?i:" + kFrenchNumberWord + "(?:" + kDigitWordGap + kFrenchNumberWord + "){3,}))" + kWordEnd,
       "spelled_phone", kSpelledPhoneCues, 0.2, false, true},
      // Russian and CIS numbers with the trunk 8: "8 (916) 555-01-23", "8 916 123-45-67".
      {"trunk_eight_phone", "PHONE",
       R"(\b8\s?\(\d{3,5}\)\s?\d{1,3}(?:-\d{2}){2}\b|\b8[ -]\d{3}[ -]\d{3}-\d{2}-\d{2}\b)", "", {}, 0.6},
      // A two-digit area code with its trunk 0, three or four digits and four, as Seoul and Bangkok write them
      // ("Tel 02-123-4567", "전화 02-123-4567 내선 305"): only after a phone cue, since lot, ledger and invoice numbers
      // share the shape.
      {"hyphenated_area_phone", "PHONE",
       R"(\b0[2-9]-\d{3,4}-\d{4}\b(?:\s*(?:(?i:ext\.?|x)|내선|内線|內線|转|轉)\s*\d{1,5}\b)?)", "", kPhoneCues, 0.2},
      // Ten digits in groups of three, three and four with one separator, as much of the world writes mobiles outside
      // the North American plan ("333 123 4567" in Italy, "555.123.4567").
      {"ten_digit_grouped_phone", "PHONE",
       R"((?:\b1[.-])?\b[2-9]\d{2}(?: \d{3} \d{4}|\.\d{3}\.\d{4}|-\d{3}-\d{4}|–\d{3}–\d{4})\b)", "shaped_phone",
       {}, 0.6},
      // An area code of two digits, then four or five digits and four after a hyphen, as Brazil and Argentina write
      // them without brackets ("11 91234-5678", "15 5555-0123"), or Mexico's two, four and four ("55 1234 5678").
      {"latin_american_phone", "PHONE", R"(\b[1-9]\d (?:\d{4,5}-\d{4}|\d{4} \d{4})\b)", "shaped_phone", {}, 0.6},
      // Australian 1800 and 1300 numbers in groups of four, three and three ("1800 123 456", "1300-655-506").
      {"australian_toll_free_phone", "PHONE", R"(\b1[38]00(?: \d{3} \d{3}|-\d{3}-\d{3})\b)", "shaped_phone", {},
       0.6},
      // A Chinese mobile number in its usual groups of three, four and four ("138 5555 0123", "139-1234-5678").
      {"chinese_mobile_phone", "PHONE", R"(\b1[3-9]\d(?: \d{4} \d{4}|-\d{4}-\d{4})\b)", "shaped_phone", {}, 0.6},
      // The same in one run of eleven digits, written right after a Han character, a colon or a comma after one, as
      // Chinese forms, chats and spreadsheets write it ("手机13905552871", "电话：13905552871", "财务部,13905552871").
      {"chinese_mobile_unbroken", "PHONE",
       R"([\xE4-\xE9][\x80-\xBF]{2}(?:[,:]|\xE3\x80\x81)? ?(1[3-9]\d{9})\b)", "shaped_phone", {}, 0.6},
      // Saudi Arabia's unified numbers of businesses, nine digits from 9200 ("اتصل على 920055512"), after an Arabic
      // word for calling or a phone, or "phone" or "call us": "home", "work" and "number" also label loans and orders.
      {"saudi_unified_number", "PHONE", R"(\b(9200\d{5})\b)", "", kSaudiUnifiedCues, 0.2},
      // A trunk 0 before a bracketed area code, as Turkey writes it: "0 (532) 123 45 67".
      {"trunk_bracket_phone", "PHONE", R"(\b0\s?\(\d{3}\)\s?\d{3}(?:[ -]?\d{2}){2}\b)", "", {}, 0.6},
      // An international 00 (or North America's 011) and the country code, then groups of any length ("0033 6 39 98 12
      // 07", "00 81 3 5555 0123", "011-81-3-5555-0123"), 10 to 15 digits in all.
      {"zero_zero_phone", "PHONE", R"(\b(?:00|011)[ .-]?[1-9]\d{0,2}(?:[ .-]\d{1,4}){3,6}\b)", "grouped_phone", {},
       0.6},
      // A seven-digit local number ("555-0123"): with an extension it is a phone on its own, otherwise only after a
      // word that names a phone, "call" and "ring", or next of kin. With a space or a dot ("555 0142", "555.0142") only
      // after a word that names a phone or a call, and not before a year ("Call volumes: 450 2023").
      {"local_phone_extension", "PHONE", R"(\b[2-9]\d{2}-\d{4}(?:\s*ext\.?\s*|\s?x)\d{1,5}\b)", "local_phone", {},
       0.6},
      {"cued_local_phone", "PHONE", R"(\b[2-9]\d{2}-\d{4}\b)", "local_phone", kKinLocalPhoneCues, 0.2},
      {"cued_eight_digit_phone", "PHONE", R"(\b[2-9]\d{3} \d{4}\b)", "eight_digit_phone", kEightDigitPhoneCues,
       0.2},
      {"cued_spaced_local_phone", "PHONE", R"(\b[2-9]\d{2}[. ]\d{4}\b)", "spaced_local_phone", kLocalPhoneCues, 0.2},
      // Shapes only phones have, with no cue: France's and Ukraine's toll-free "0 800 55 51 23", "0 800 555 500"; a
      // Bangladeshi mobile with its hyphen, "01912-555018" (not right after an order's or an invoice's label, "Invoice
      // 01500-000123"; "In case of problems 01912-555018" is a phone); Malaysia's "1-300-55-5234" and "1-800-88-1234".
      // Not inside a longer run of digits.
      {"shaped_service_phone", "PHONE",
       R"((?i:\b(?:invoice|order|ref|case|tracking)\s*(?:no\.?|nr\.?|number|#)?\s*:?\s*)01\d{3}-\d{6}|)"
       R"((?:^|[^\d.,\s-]|[^\d.,-]\s|[^\d.,\s][.,]\s)(0 8\d{2}(?: \d{2}){3}|0 8\d{2} \d{3} \d{3}|01[3-9]\d{2}-\d{6}|)"
       R"(1-(?:300|800)-\d{2}-\d{4})(?:[^\d\s-]|\s(?:\D|\z)|-\D|\z))",
       "", {}, 0.6, false, false, R"((?:^|\D)(?:0 8\d\d \d|01\d{3}-\d{6}|1-(?:300|800)-\d\d-\d{4}))"},
      // A hotline's short number, "الخط الساخن 19555", "কল করুন ১৬৫৫৫", "להתקשר ל-*5555": five or six digits, or a star
      // and three to six, right after a word for a hotline or for calling, where its clause ends or "or" follows (not
      // "Helpline 24000 contacts", "Hotline 10115 Berlin").
      {"hotline_short_number", "PHONE",
       R"((?:(?i:\bhotline|\bhelpline|\bcall\s+us\s+on|\bllam[ea]\s+al|\bligue\s+para|\bchiamate\s+il|)"
       R"((?:ç|Ç)a(?:ğ|Ğ)r(?:ı|I)\s+merkezi|\baray(?:ı|I)n)|الخط الساخن|কল করুন|ফোন করুন|להתקשר ל|חייגו|हेल्पलाइन|)"
       R"(कॉल करें)[\s:-]{0,3}(\*\d{3,6}|[1-9]\d{4,5}))"
       R"((?:[ \t]*(?:[.,;!?)(\n]|\z)|\s+(?:or|o|ou|veya|أو|অথবা|או|या)(?:\s|\z)))", "", {}, 0.6},
      // Turkey's call-centre numbers, "444 5 555", and a landline as Poland, Spain and Portugal group it, "22 555 81
      // 40", after a phone cue or a desk's label ("Rejestracja: 22 658 31 40", "İptal için 444 1 234"): alone the same
      // shapes are table rows ("Smith 34 180 75 22 kg") and sections ("Section 444 2 100").
      {"cued_service_landline", "PHONE",
       R"((?:^|[^\d.,\s-]|[^\d.,-]\s|[^\d.,\s][.,]\s)(444 \d \d{3}|[1-9]\d \d{3} \d{2} \d{2}))"
       R"((?:[^\d\s-]|\s(?:\D|\z)|-\D|\z))",
       "", kLandlineDeskCues, 0.4, false, false, R"((?:^|\D)(?:444 \d \d{3}|\d\d \d{3} \d\d \d\d))"},
      // Korea's nationwide numbers of eight digits, "1588-5555", "1644-1234", after a Korean phone cue ("문의:
      // 1588-5555"): after "office" or "call" the shape is as often hours or years ("Office hours: 1500-1700").
      {"cued_korean_nationwide_phone", "PHONE", R"(\b(1(?:5|6|8)\d{2}-\d{4})\b)", "",
       {"문의", "전화", "연락처", "고객센터", "콜센터", "대표번호", "상담"}, 0.4},
      // ... or with the line it rings after it, as contact lists write them: "555-0134 (home)", "555-0199 (cell)".
      {"labelled_local_phone", "PHONE",
       R"(\b([2-9]\d{2}-\d{4})\s*\((?i:home|cell|work|mobile|mob|office|fax|pager|landline|h|w|c|m)\))",
       "local_phone", {}, 0.6},
      // Not inside a longer run of hyphenated digits ("hotline 1-300-55-5234").
      {"ssn", "SSN", R"((?:^|[^\w-]|(?:^|\D)-)(\d{3}-\d{2}-\d{4})(?:[^\w-]|-\D|-\z|\z))", "ssn",
       {"ssn", "social security", "ss#", "social"}, 0.85},
      {"ssn_spaced", "SSN", R"(\b\d{3} \d{2} \d{4}\b)", "ssn", {"ssn", "social security", "ss#", "social"}, 0.5},
      {"cued_ssn", "SSN", R"((?i:\bssn|social security|\bss#)(?:\s+(?:number|no\.?|#))?\s*(?:is\s+)?[:#]?\s*(\d{9}|\d{3}[- ]\d{2}[- ]\d{4})\b)",
       "ssn", {}, 0.95},
      // A record number after the words hospitals write before one and nothing else does: in English, and as the
      // UK and Nigeria ("Hosp No"), India ("UHID"), Spain ("NHC"), Ghana ("Folder No.") and Germany ("Fallnummer",
      // "Patienten-Nr.") label it; letters, dashes and slashes as hospitals write them ("UATH/24/08817",
      // "MH-2024-118273"). Not after words any office writes before its own references ("File No.", "Processo n.º",
      // "n° de dossier", "Protokol"): there the number is as likely a case, claim or contract.
      {"mrn", "MRN",
       R"((?i:\bmrn|\bmr\s*#|medical record(?:\s+(?:number|no\.?|#))?|\bchart\s*(?:number|no\.?|#)|)"
       R"(patient\s+(?:id|number|no\.?|#)|\bhosp(?:ital)?\.?\s*(?:no|number|#)\.?|\buhid|\bnhc|\bfolder\s*no\.?|)"
       R"(\bfallnummer|\bpatienten-?nr\.?))"
           R"(\s*(?:is\s+)?[:#]?\s*([A-Z]{0,5}[-/]?\d[\d/-]{3,14})\b)",
       "id_number", {}, 0.9},
      // The NHS number, the identifier every patient of the UK's health services carries, after "NHS" or "NHS
      // No"/"number", with its check digit ("NHS No: 943 476 5919").
      {"nhs_number", "MRN", R"((?i:\bnhs)(?:\s*(?i:no\.?|number|num|#))?\s*[:#]?\s*(\d{3}[ -]?\d{3}[ -]?\d{4})\b)",
       "nhs_number", {}, 0.9},
      {"health_plan", "HEALTH_PLAN",
       R"((?i:health\s*plan|insurance|insurer|policy|member|subscriber|beneficiary|medicare|medicaid|group))" +
           kCueGlue + R"(([A-Z0-9][A-Z0-9-]{5,19})\b)",
       "id_number", {}, 0.8},
      {"account", "ACCOUNT", R"((?i:account|acct|a/c|routing))" + kCueGlue + R"((\d(?:[ -]?\d){5,22})\b)",
       "id_number", {}, 0.8},
      {"license", "LICENSE",
       R"((?i:licen[cs]e|\bdl\b|\bdea\b|\bnpi\b|certificate|\bcert\.?|permit))" + kCueGlue +
           R"(([A-Z0-9][A-Z0-9-]{4,15})\b)",
       "id_number", {}, 0.8},
      {"vin", "VIN", R"(\b[A-HJ-NPR-Z0-9]{17}\b)", "vin", {"vin", "vehicle"}, 0.9},
      {"plate", "PLATE",
       R"((?i:licen[cs]e\s+plate|\bplate))" + kCueGlue + R"(([A-Z0-9]{1,4}[- ]?[A-Z0-9]{1,4})\b)",
       "has_digit", {}, 0.85},
      {"device_serial", "DEVICE_ID",
       R"((?i:serial|\bs/n|\bsn\b|device\s*(?:id|identifier)|\budi\b|\bimei|implant))" + kCueGlue +
           R"(([A-Z0-9][A-Z0-9-]{5,29})\b)",
       "id_number", {}, 0.85},
      {"mac_address", "DEVICE_ID", R"(\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b)", "", {"mac", "device"}, 0.8},
      {"url", "URL", R"(\b(?:https?|ftp)://[^\s<>"'`{}|\\^\[\]]+)", "", {}, 0.85, true},
      {"www_url", "URL", R"(\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s<>"'`{}|\\^\[\]]*)?)", "", {}, 0.85,
       true},
      {"ipv4", "IP_ADDRESS", R"(\b(?:\d{1,3}\.){3}\d{1,3}\b)", "ipv4", {"ip", "address", "host", "server", "from"},
       0.75},
      {"ipv6", "IP_ADDRESS", R"((?:^|[^0-9A-Za-z:])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}))", "ipv6",
       {"ip", "ipv6", "address", "host"}, 0.75},
      {"credit_card", "CREDIT_CARD", R"(\b(?:\d[ -]?){12,18}\d\b)", "credit_card",
       {"card", "visa", "mastercard", "amex", "credit", "cc"}, 0.9},
      {"iban", "IBAN", R"(\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b)", "iban", {"iban"}, 0.95},
      // Dotted ISO dates only with two-digit month and day: "2023.10.1" is a version number.
      {"date_numeric", "DATE",
       R"(\b(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{1,2}-\d{1,2}-(?:\d{4}|\d{2})|\d{1,2}\.\d{1,2}\.\d{4}|)"
       R"(\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{4}\.\d{2}\.\d{2})\b)",
       "date", {"dob", "born", "date", "admitted", "discharged", "seen", "visit"}, 0.8},
      {"date_month_day", "DATE",
       R"(\b)" + kMonth + R"(\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?|the\s+\d{1,2}(?:st|nd|rd|th))\b(?:,?\s+\d{4}\b)?)",
       "date",
       {"dob", "born", "date", "admitted", "discharged", "on", "seen", "visit"}, 0.75},
      {"date_day_month", "DATE",
       R"(\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)" + kMonth + R"(\b\.?(?:,?\s+\d{4}\b)?)", "date",
       {"dob", "born", "date", "admitted", "discharged", "on", "seen", "visit"}, 0.75},
      // "seen 12-Mar, review 19-Mar": a day and an abbreviated month joined by a hyphen, without a year. Inside a code
      // or after a part, order or reference label it is that ("Ref AB-12-JUN", "Part no 3-DEC": matched, not reported).
      {"date_day_month_hyphen_abbrev", "DATE",
       R"((?:[\w-]-|(?i:\b(?:no|nr|part|ref|order|item|lot|code|batch)\.?\s*#?\s*))\d{1,2}-[A-Za-z]{3}|)"
       R"(\b()" + kDayOfMonth +
           R"(-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC))"
           R"()(?:[^\w\x{80}-\x{ff}-]|\z))",
       "", {}, 0.75},
      // "Mar-19-2024", "MAR-19-24": an abbreviated month, its day and its year joined by hyphens, as American forms and
      // scheduling systems write them. Not inside a longer code ("LOT-MAR-19-24-A").
      {"date_month_day_year_hyphen", "DATE",
       R"((?:^|[^\w-])((?:)" + kMonth + "|" + kMonthCapitals + R"()-)" + kDayOfMonth +
           R"(-(?:\d{4}|\d{2}))(?:[^\w-]|\z))",
       "date", {}, 0.8},
      // "12-Mar-2024", "3-MAR-85", and with slashes as web servers log a request's time ("12/Mar/2024:10:00:00").
      {"date_dmy_abbrev", "DATE",
       R"(\b\d{1,2}(?:-(?:)" + kMonth + "|" + kMonthCapitals + R"()-|/(?:)" + kMonth + "|" + kMonthCapitals +
           R"()/)(?:\d{4}|\d{2})\b)",
       "date", {}, 0.85},
      // "Thu 14th", "Tue 11/06", "Monday 3rd", "Friday the 13th", "fri 7th", "THURSDAY 12TH": a weekday names the date.
      // Abbreviations in lower case only before an ordinal, and "sat" or "sun" only before an ordinal and a month ("she
      // sat 3rd in the race"; "sat 25th may").
      {"date_weekday", "DATE",
       R"(\b(?:Mon|Tues?|Weds?|Thu(?:rs?)?|Fri|Sat|Sun|MON|TUES?|WEDS?|THU(?:RS?)?|FRI|SAT|SUN|)"
       R"((?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\.?,?)"
       R"(\s+(?:(?:the\s+)?(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|ST|ND|RD|TH)|\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?)\b|)"
       R"(\b(?:mon|tues?|weds?|thu(?:rs?)?|fri)\.?,?\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b|)"
       R"(\b(?:sat|sun)\.?,?\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\s+(?:of\s+)?(?:)" + kMonthLower + "|" +
           kMonthAbbreviationAnyCase + R"()\b)",
       "weekday_date", {}, 0.8},
      // "june 2nd 1977", "3rd of march 2021": lower-case months with both a day and a year.
      {"date_lower_case", "DATE",
       R"(\b(?:)" + kMonthLower + R"(\s+)" + kDayOfMonth + R"((?:st|nd|rd|th)?,?|)" + kDayOfMonth +
           R"((?:st|nd|rd|th)?\s+(?:of\s+)?)" + kMonthLower + R"(,?)\s+)" + kYear + R"(\b)",
       "date", {}, 0.8},
      // "Entlassung am 9.4.21": a dotted date with a two-digit year right after a word that introduces one in the
      // languages that write it so, and not part of a longer dotted run ("build 1.2.3.10"). Not after "on": "based
      // on ... Python 2.7.10" is a version.
      {"date_dotted_short_year", "DATE",
       R"((?i:\bam|\bvom|\bbis|\bseit|\bab|\ble|\bdu|\bau|\bdnia|\bdne|\bden|\bop|\bel|\bdal|\bdated|\bgeb\.?|)"
       R"(\bné|\bnée|\bnato|\bnata|\bur\.)\s+(\d{1,2}\.\d{1,2}\.\d{2})\.?(?:[^\d.]|\z))",
       "date", {}, 0.8},
      // "Seen 14.11.24", "till 18.11.24": after English words only with two digits each ("since 3.11.10" is a
      // version).
      {"date_dotted_short_year_english", "DATE",
       R"((?i:\bseen|\btill|\buntil|\bsince)\s+(\d{2}\.\d{2}\.\d{2})\.?(?:[^\d.]|\z))", "date", {}, 0.8},
      // "born 4.11.63", "EDD 22.11.24", "LMP: 3.2.24": after a word that only ever introduces a date, with one digit
      // or two (dates of birth are read below).
      {"date_labelled_dotted_short_year", "DATE",
       R"((?i:\bborn|\bedd|\bedc|\blmp)\s*:?\s*(\d{1,2}\.\d{1,2}\.\d{2})\.?(?:[^\d.]|\z))",
       "date", {}, 0.8},
      // "am 6.5. um 8 Uhr": the German day and month with its closing dot, right after such a word.
      {"date_dotted_day_month", "DATE",
       R"((?i:\bam|\bvom|\bbis|\bseit|\bab)\s+(\d{1,2}\.\d{1,2}\.)(?:[^\d.]|\z))", "day_month", {}, 0.8},
      // "on 12/03 at 10:30", "drawn 3/14 @ 0600", "seen 7/3 with", "w/c 14/11", "F/U 5/21.", "para 12/08, às 15h",
      // "expected by 11/07.", "TRƯỚC 20/6.", "Pick up by 11/21." (not "multiply by 5/8.", "up by 5/8."), "admitted 12/3
      // with", "booked for 21/3.", "il 15/3 alle 10", "ngày 15/3", "utskriven 7/5", "tgl 8/4 jam 9", "blodprøver taget
      // 27/2.", "Svarfrist: den 10/9", "bday is 9/9,", "από 28/2.", "Next clinic 11/04.", "Previous: 22/2.", "Next due
      // ~11/04.", "Exp 10/26" (a card's or a drug's expiry): a day and a month without a year, right after such a word,
      // its colon or a tilde (or "on", "from", "until", "the" and "day" in Spanish, Portuguese, Italian, German, Dutch,
      // French and Vietnamese: "à partir du 15/04") and followed only by punctuation, a dash or arrow, "at", "to",
      // "and", "with" (or "at" and "and" in French, Spanish, Portuguese, Italian, German, Dutch and Indonesian) or the
      // end ("based on 11/12 responses" and "started 10/20 mg" are not dates). Not after "to" or "review": "reduced to
      // 1/2", "review 6/12".
      {"date_day_month_numeric", "DATE",
       R"((?i:\bon|\bdue|\bfrom|\buntil|\btill|\bsince|\bdated|\bseen|\bappt|\bappointment|\bvisit|\bam|\ble|\bden|)"
       R"(\bel|\bop|\bfall|\bw/c|\bweek\s+of|\bf/u|\brecheck|\bswap|\bpara|\bdesde|\bhasta|\bat(?:é|É)|\bem|\bbis|)"
       R"(\bab|\bvom|\bseit|\bvanaf|\btot|\bpartir\s+d(?:u|el|e)|\bil|\bdia|\bngày|)"
       R"((?:\badmitted|\bdischarged|\bd/c(?:(?:'|’)d)?|\bbooked|\bscheduled|\bstarted|\bstopped|\bcommenced|\bceased|)"
       R"(\bgiven|\bwk\s+of|\bdrawn|\bcollected|\bweek\s+ending|\butskriven|\binskriven|\binlagd|\budskrevet|)"
       R"(\bindlagt|\binnlagt|\butskrevet|\bopgenomen|\bontslagen|\bentlassen|\baufgenommen|\btgl\.?|\btanggal|)"
       R"(\bpick\s+up\s+by|\bdrop\s+off\s+by|)"
       R"(\b(?:ready|returned|return|submitted|submit|paid|needed|delivered)\s+by|)"
       R"(\bexpected|\beta|\bw/e|\bwef|\bdue\s+date|\btaget|\bb(?:irth)?day|από|έως|\bfrån|\bavant\s+le|)"
       R"(\bexp(?:iry|ires)?\.?|\btr(?:ư|Ư)(?:ớ|Ớ)c|)"
       R"(\bnext(?:\s+(?:clinic|cycle|appt|appointment|review|visit|dose|due))?|\bprevious|\bprev))"
       R"((?:\s+(?:for|on|is|by))?:?))"
       R"(\s+~?(\d{1,2}/\d{1,2})(?:\s*(?:[.,;:!?)\n]|—|–|→)|)"
       R"(\s+(?:at|@|to|and|&|with|-|à|(?:à|a)s|a\s+las|alle|um|om|et|y|und|en|jam|pukul)\s|\s*\z))",
       "day_month", {}, 0.8},
      // "meeting notes 12/9:", "Theatre list 11/07:", "OR BOARD 06/17:", and a heading in capitals alone on its line,
      // "CARDIOLOGY LIST 14/2": a day and month that dates a heading, after the heading's word and before its colon or
      // the line's end ("Shopping list 5/8" is a count).
      {"date_heading_day_month", "DATE",
       R"((?i:\bnotes|\blist|\bboard|\bminutes|\brota|\bhandover|\bhuddle|\bround)\s+(\d{1,2}/\d{1,2})\s*:(?:\s|\z))",
       "day_month", {}, 0.8},
      {"date_heading_day_month_alone", "DATE",
       R"(\b(?:NOTES|LIST|MINUTES|ROTA|HANDOVER|HUDDLE)\s+(\d{1,2}/\d{1,2})[ \t]*(?:\n|\z))", "day_month", {}, 0.8},
      // "last seen undamaged 05/31 approx", "της 28/02 εγκρίθηκε", "(ref. 15/03)": a day and a month of two digits
      // each, one of them written with its zero, with no cue: fractions and scores are not padded. Not after a page's,
      // a part's or an item's number ("page 01/12", "Track 03/11", "lot n° 12/04": matched, not reported), nor inside a
      // longer number, a time or a decimal ("2024/05/31", "10:05/06", "1.03/04").
      {"date_zero_padded_day_month", "DATE",
       R"((?i:\b(?:pages?|pg|p|part|pt|track|disc|cd|item|no|nr|n(?:°|º)|vol|chapter|ch|ep|episode|slide|fig|figure|q|)"
       R"(question|step|round|lot|batch|box|row|seat|grade|level|score|scored|bp|apgar|va|acuity|flat|apt|room|unit|)"
       R"(answered|correct)\.?:?\s*#?\s*)\d{2}/\d{2}|)"
       R"((?:^|[^\w/.:,-])(0[1-9]/\d{2}|\d{2}/0[1-9])(?:[^\w/.]|\.(?:\D|\z)|\z))",
       "day_month", {}, 0.75},
      // "DATE OF BIRTH 09 09 1987", "DOB: 9 9 1987": a date of birth written with spaces, after its label.
      {"date_of_birth_spaced", "DATE",
       R"((?i:\bdob|\bd\.o\.b\.?|\bdate\s+of\s+birth|\bborn)\s*:?\s*)"
       R"(((?:[12]\d|3[01]|0?[1-9]) (?:[12]\d|3[01]|0?[1-9]) (?:19|20)\d{2})\b)",
       "", {}, 0.85, false, false, R"((?:^|\D)\d\d? \d\d? (?:19|20)\d\d)"},
      // "seen on the 2nd and again on the 9th": a bare ordinal day after "on the", "by the", "between the", ... when
      // nothing follows it but punctuation, a line break, "at", the end, "and", "or", "-" before a word, or another
      // ordinal day that ends a range ("between the 2nd and 9th November", "from the 4th to the 9th."). "On the 2nd
      // floor" and "on the 2nd and 3rd floors" are not dates, nor is "to the 4th" alone ("promoted to the 4th.").
      {"date_on_the_ordinal", "DATE",
       R"(\b(?i:on|from|until|till|by|since|before|after|between)\s+the\s+((?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)))"
       R"((?:\s*[.,;:!?)\n]|\s+(?:at|but)\s|\s+(?:and|or|-)\s+[^\d\s]|\s*\z|)" +
           kOrdinalDayEndingARange + R"())",
       "", {}, 0.75},
      // The day that ends such a range: "from the 4th to the 9th.", "between the 2nd and the 9th".
      {"date_ordinal_range_end", "DATE",
       R"(\b(?i:from|between)\s+the\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\s+(?i:to|until|till|through|and|-)\s+)"
       R"((?:the\s+)?((?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))(?:\s*[.;:!?)\n]|\s*,|\s+(?:at|but)\s|\s*\z))",
       "", {}, 0.75},
      // "his CT on the nineteenth.": the same with a day in words from the fourth on ("on the first" and "on the
      // second" are too often not dates), before a full stop or the like, not a comma ("on the fifth, sixth and
      // seventh rows").
      {"date_on_the_ordinal_word", "DATE",
       R"(\b(?i:on|from|until|till|by|since|before|after)\s+the\s+)"
       R"(((?i:twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirty[- ]first|fourth|)"
       R"(fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|)"
       R"(seventeenth|eighteenth|nineteenth|twentieth|thirtieth)))"
       R"((?:\s*[.;:!?)\n]|\s+(?:at|but)\s|\s*\z))",
       "", {}, 0.75, false, true},
      // Hijri dates in Latin letters: "4 Dhul Qadah 1445", "12 Rabi al-Awwal 1446 AH".
      {"date_hijri", "DATE",
       R"(\b(?:[12]\d|30|0?[1-9])\s+(?i:muharram|safar|rabi(?:'|’)?[ -]?(?:al|ul)?[ -]?(?:awwal|awal|thani|akhir|)"
       R"(akhirah|i{1,2})|jumad(?:a|ah|al)?[ -]?(?:al|ul)?[ -]?(?:awwal|awal|ula|thani|akhirah|akhira|i{1,2})|rajab|)"
       R"(sha(?:'|’)?ban|ramad(?:h)?an|shawwal|dhu(?:l|[ -]al)?[ -]?(?:qa(?:'|’)?dah|qi(?:'|’)?dah|hijjah))\s+1[34]\d{2})"
       R"(\b(?:\s*AH\b)?)",
       "", {}, 0.8},
      // "Jan '25", "Sept. '24".
      {"date_month_short_year", "DATE", R"((?:^|[^\w'\x{99}])()" + kMonth + R"(\.?\s*(?:'|’)\d{2})\b)", "", {},
       0.75},
      {"date_day_month_foreign", "DATE",
       R"(\b()" + kDayOfMonth + R"((?:er|º|°|\.)?\s+(?:de\s+|d(?:'|’))?)" +
           kForeignMonth + R"((?:,?\s+(?:de\s+)?)" + kYear +
           R"()?))" + kWordEnd,
       "", {"dob", "born", "date", "le", "el", "am", "on"}, 0.75},
      // "Hüft-TEP re. Okt. 2017", "Dez. 2019", "févr. 2021", "Sept. 2019": an abbreviated month with its dot before a
      // year, of the English, German, French, Spanish, Portuguese and Italian ones that are no other word or title
      // ("Mars 2020" and "Mar 2020" need the cue above or below; not "Gen. 2019", "Mag. 2018", "tem. 2019", "Ago.").
      {"date_abbreviated_month_year", "DATE",
       R"(\b((?i:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|okt|dez|m(?:ä|Ä)r|mrz|janv|f(?:é|É)vr?|avr|juil|)"
       R"(d(?:é|É)c|abr|dic|fev|giu|lug|ott)\.\s?)" + kYear + R"()\b)",
       "", {}, 0.75},
      // "foreldremøte tirsdag 17. september kl. 18", "3. marts.", "12. augusti 2024": a day with its dot before a month
      // in small letters, as Norwegian, Danish and Swedish write a date, before punctuation, a year, "kl." or the end
      // ("Chapter 17. September" opens a sentence; "Steps: 1. april fools prank" is a list).
      {"date_nordic_day_month", "DATE",
       R"(\b()" + kDayOfMonth +
           R"(\.\s+(?:januar|januari|februar|februari|mars|marts|april|mai|maj|juni|juli|august|augusti|september|)"
           R"(oktober|november|desember|december)(?:\s+)" + kYear + R"()?)(?:\s*[,.;:!?)\n]|\s+kl\b|\s*\z))",
       "", {}, 0.75},
      // "juin 2025", "grudniu 2022", "bulan Juli 2024": only after a cue, so "the Mars 2020 rover" stays.
      {"date_month_year_foreign", "DATE", R"(\b)" + kForeignMonth + R"(\s+(?:de\s+)?)" + kYear + R"(\b)", "",
       {"en", "in", "de", "w", "im", "seit", "depuis", "desde", "since", "dal", "em", "until", "bis", "hasta", "bulan"},
       0.4},
      // "Fatura dönemi: Eylül 2024", "período: outubro 2024", "Control sugerido: marzo 2025": a month and its year
      // right after a label's colon, of the months in English, Spanish, Portuguese, French, German and Turkish that are
      // no other word ("Mission: Mars 2020", "Speed: may 2000 rpm", "Budget: mart 2000 TL").
      {"date_month_year_after_a_label", "DATE",
       R"((?::|：)\s*((?i:january|february|march|april|june|july|august|september|october|november|december|enero|)"
       R"(febrero|marzo|abril|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|)"
       R"(mar(?:ç|Ç)o|junho|julho|setembro|outubro|novembro|dezembro|janvier|f(?:é|É)vrier|avril|juin|juillet|)"
       R"(ao(?:û|Û)t|septembre|octobre|d(?:é|É)cembre|januar|februar|m(?:ä|Ä)rz|juni|juli|oktober|dezember|ocak|)"
       R"((?:ş|Ş)ubat|n(?:i|İ)san|may(?:ı|i)s|haz(?:i|İ)ran|temmuz|a(?:ğ|Ğ)ustos|eyl(?:ü|Ü)l|ek(?:i|İ)m|kas(?:ı|i)m|)"
       R"(aral(?:ı|i)k)\s+(?:de\s+)?)" + kYear + R"()\b)",
       "", {}, 0.75},
      // "ИЗВЕЩЕНИЕ за октябрь 2024 Лицевой счёт", "звіт за Березень 2023 р.", "Период:март 2024": a Russian or
      // Ukrainian month in the nominative with its year, before punctuation, the end, the word for year or a word in
      // capitals; not before an amount's unit ("за май 2000 рублей").
      {"date_month_year_cyrillic", "DATE",
       R"((?:^|[\s(:]|«)((?:январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь|)"
       R"(Январь|Февраль|Март|Апрель|Май|Июнь|Июль|Август|Сентябрь|Октябрь|Ноябрь|Декабрь|січень|лютий|березень|)"
       R"(квітень|травень|червень|липень|серпень|вересень|жовтень|листопад|грудень|Січень|Лютий|Березень|Квітень|)"
       R"(Травень|Червень|Липень|Серпень|Вересень|Жовтень|Листопад|Грудень)\s+)" + kYear +
           R"()(?:\s*(?:[,.;:!?)\]|]|\z)|\s*\n|\s+(?:года|году|г\.|року|рік|р\.)|)"
           R"(\s+(?:[A-Z]|\x{d0}[\x{81}\x{84}\x{86}\x{87}\x{90}-\x{af}])))",
       "", {}, 0.75},
      // Chinese and Japanese 2024年3月15日 / 3月15日, Korean 2024년 2월 14일 / 7월 22일, with the weekday in brackets
      // after them ("6月7日(金)", "3월 15일 (금)", "9月10日（星期二）").
      {"date_cjk", "DATE",
       R"((?:(?:\b)" + kYear + R"(\s?年\s?|(?:令和|平成|昭和|大正)(?:元|\d{1,2})年)?)" +
           R"(\b\d{1,2}\s?月\s?\d{1,2}\s?(?:日|号|號)|(?:\b)" + kYear +
           R"(년\s?)?\b\d{1,2}월\s?\d{1,2}일)(?:\s?(?:\(|（)(?:月|火|水|木|金|土|日|월|화|수|목|금|토|일|)"
           R"(星期(?:一|二|三|四|五|六|日|天))(?:\)|）))?)",
       "", {}, 0.8},
      // "2024年3月", "2024년 3월", "平成31年3月": a year and a month, which name a date as well.
      {"date_cjk_year_month", "DATE",
       R"((?:\b)" + kYear + R"(|(?:令和|平成|昭和|大正)(?:元|\d{1,2})))" +
           R"((?:\s?年\s?(?:1[0-2]|0?[1-9])\s?月|년\s?(?:1[0-2]|0?[1-9])월))",
       "", {}, 0.75},
      // "report_20240315_final.pdf", "Zapisnik_SS_2024-10-15_v2.docx", "export_2024-11.csv", "BDAY:19920714",
      // "DTSTART:20241215T100000": a date in a file's name between underscores (a word character to the patterns above,
      // so their word bounds miss it), or a vCard's or calendar's date, compact or in ISO order. Not inside a longer
      // run of digits or a version ("v20240315", "build_2024.11", "release_2024-01.3"), nor a financial year or a
      // season ("FY_2008-09_audit": ValidDateInAFileName).
      {"date_in_a_file_name", "DATE",
       R"((?:_|(?-i:BDAY|DTSTART|DTEND|DUE|DTSTAMP|ANNIVERSARY)(?:;VALUE=DATE)?:))" R"(()" + kYear +
           R"((?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)))"
           R"((?:[_T]|\.(?:\D|\z)|\z|[^\w.-]))",
       "date_in_a_file_name", {}, 0.75},
      // "March 2021", "Sept. 2019", "March of 1985".
      {"date_month_year", "DATE", R"(\b)" + kMonth + R"(\.?,?\s+(?:of\s+)?\d{4}\b)", "date",
       {"dob", "born", "date", "admitted", "discharged", "since", "in"}, 0.6},
      // "12 JAN 2024", "2nd aug", "4 june", "12 nov.", "3RD JANUARY": months in lower case or capitals after a day.
      // An abbreviation needs an ordinal day, a closing dot or a year ("3 OCT scans", "convert 10 dec to hex" and
      // "19.9 APR" are not dates).
      {"date_day_month_any_case", "DATE",
       R"(\b()" + kDayOfMonth + R"((?:st|nd|rd|th|ST|ND|RD|TH)\s+(?:of\s+|OF\s+)?(?:)" + kMonthFullAnyCase + "|" +
           kMonthAbbreviationAnyCase + R"()\.?(?:,?\s+)" + kYear + R"()?|)" + kDayOfMonth + R"(\s+(?:of\s+)?)" +
           kMonthFullAnyCase + R"((?:,?\s+)" + kYear + R"()?|)" + kDayOfMonth + R"(\s+(?:of\s+)?)" +
           kMonthAbbreviationAnyCase + R"((?:\.(?:,?\s+)" + kYear + R"()?|,?\s+)" + kYear + R"()))" + kWordEnd,
       "", {}, 0.75},
      // "30-ABR-2024", "15-ene-2019", "18-mar-24": the abbreviated months of Spanish, Portuguese, German, Dutch and
      // English in capitals or lower case.
      {"date_dmy_abbrev_foreign", "DATE",
       R"(\b)" + kDayOfMonth +
           R"(-(?:ENE|ABR|AGO|DIC|OKT|MEI|MRT|DEZ|SET|OUT|FEV|ene|abr|ago|dic|okt|mei|mrt|dez|set|out|fev|jan|feb|mar|)"
           R"(apr|may|jun|jul|aug|sep|oct|nov|dec)-(?:\d{4}|\d{2})\b)",
       "", {}, 0.85},
      // "5 мая", "12 марта 2024", "25 серпня", "15-го марта", "22. марта": Russian and Ukrainian months in the
      // genitive, after the day (with a dot, as Serbian writes the day, too); and Bulgarian and Serbian nominatives and
      // Russian abbreviations with the year ("15 март 2024", "15. март 2024.", "15 мар. 2024": "7 август" alone is as
      // often a train or a room).
      {"date_day_month_cyrillic", "DATE",
       R"(\b()" + kDayOfMonth +
           R"(\.?(?:-(?:го|е))?(?:»)?\s+(?:(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|)"
       R"(ноября|декабря|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня))"
       R"((?:\s+)" + kYear + R"()?|(?:(?:януари|февруари|март|април|май|юни|юли|август|септември|октомври|ноември|)"
       R"(декември|јануар|фебруар|мај|јун|јул|септембар|октобар|новембар|децембар)\s+|)"
       R"((?:янв|фев|мар|апр|июн|июл|авг|сент|сен|окт|ноя|дек)\.?\s+))" + kYear +
           R"())(?:[\s.,;:!?)]|\z))",
       "", {}, 0.8},
      {"date_day_month_year_european", "DATE",
       R"(\b()" + kDayOfMonth + R"(\.?\s*)" + kEuropeanMonth + R"(,?\s+)" + kYear + R"())" + kWordEnd, "", {}, 0.8},
      // "dolaze 14. svibnja;", "přijdou 3. února", "1η Απριλίου", "ΑΠΟ 5 ΜΑΙΟΥ", "tulevat 14. helmikuuta",
      // "वर्मा ने 12 मार्च को", "Той 31 тамыз", "kabla ya 4 Julai", "fil-15 ta' Novembru", "ranar 25 ga Janairu",
      // "15-noyabr kuni": without its year, a day and a month that is no name or other word there.
      {"date_day_month_unambiguous", "DATE",
       R"(\b()" + kDayOfMonth +
           R"((?:(?:\.|η|ης)?\s+(?:(?:ta(?:'|’)|ga|de)\s+|d(?:'|’))?|-)(?:)" + kMonthAfterADay + R"()))" + kWordEnd,
       "", {}, 0.8},
      // "5 Samhain 2024", "21 desàmbar 2024", "12 kuCanzibe 2024", "7 ʻo Sepitema 2024", "12 o Whiringa-ā-rangi 2024",
      // "22 ni Maji 2025", "14 jasyapy 2025", "6 Oṣù Kejìlá, 2024": a day, the joining word of Tongan, Maori or Fijian,
      // and a month of kMonthNeedingAYear (after "ku", "ka", "ngo" or "u" as Xhosa and Zulu join it), the Fijian March
      // after its "ni" ("maji" is also Swahili "water"), the Fijian and Samoan May with its capital, or the Yoruba
      // "month" and its name; and the year.
      {"date_day_month_year_more_languages", "DATE",
       R"(\b()" + kDayOfMonth + R"((?:\.|(?:ú|Ú))?\s+(?:(?:(?:ni|o|ʻo|'o)\s+)?(?:(?:(?i:ku|ka|ngo|u))?)" +
           kMonthNeedingAYear + R"(|O(?:ṣ|Ṣ)(?:ù|Ù)\s+[^\s\d,.]+)|ni\s+(?i:maji)|Me),?\s+)" + kYear + R"())" +
           kWordEnd,
       "", {}, 0.8},
      // "14 a viz Even 2025", "1añ a viz Mae": Breton, the day (an ordinal with "-añ" or "-vet"), "of the month" and
      // the month.
      {"date_breton", "DATE",
       R"(\b()" + kDayOfMonth + R"((?:a(?:ñ|Ñ)|vet)?\s+a\s+viz\s+)"
           R"((?i:genver|c'hwevrer|meurzh|ebrel|mae|mezheven|even|gouere|eost|gwengolo|here|du|kerzu)(?:\s+)" +
           kYear + R"()?))" + kWordEnd,
       "", {}, 0.8},
      // "2003-yil 18-may", "2003-yil 18-mayda": Uzbek, the year with "yil", and the day joined to the month (and a
      // case ending after it).
      {"date_uzbek", "DATE",
       R"(\b()" + kYear + R"(-yil\s+)" + kDayOfMonth +
           R"(-(?i:yanvar|fevral|mart|aprel|may|iyun|iyul|avgust|sentabr|sentyabr|oktabr|oktyabr|noyabr|dekabr)))"
           R"((?i:da|dan|gacha|ga)?)" + kWordEnd,
       "", {}, 0.8},
      // "juunis 2028": an Estonian month in the inessive ("in June") and its year, not "mais", also Portuguese; and
      // "17. mail 2012" ("on 17 May"), with the day's dot and in lower case, as Estonian writes its months ("12 mail
      // 2000 letters", "3. Mail 2000 letters" are English).
      {"date_month_year_estonian", "DATE",
       R"(\b((?i:jaanuaris|veebruaris|m(?:ä|Ä)rtsis|aprillis|juunis|juulis|augustis|septembris|oktoobris|novembris|)"
       R"(detsembris)\s+)" + kYear + "|" + kDayOfMonth + R"(\.\s+mail\s+)" + kYear + R"())" + kWordEnd,
       "", {}, 0.8},
      // "ብ12 ለካቲት 2024", "14 ለካቲት": a month in Ge'ez script after the day, Tigrinya's or the Ethiopian calendar's,
      // with the year if one is written; a Tigrinya or Amharic "in", "from" or "until" may be joined to the day.
      {"date_day_month_geez", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}]|ብ|ካብ|ክሳብ|እስከ|ከ)()" + kDayOfMonth + R"(\s+(?:)" + kTigrinyaMonth + "|" +
           kEthiopianMonthGeez + R"()(?:\s+)" + kYear + R"()?)(?:[^\w\x{80}-\x{ff}]|\z))",
       "", {}, 0.8},
      // "२०८१ साउन १५ गते", "साउन १५ गते": a month of Nepal's Bikram Sambat calendar, the day and "गते" (the day of
      // the month), with the year before them if one is written. The digits are read as ASCII.
      {"date_bikram_sambat", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}])((?:)" + kYear +
           R"(\s+)?(?:बैशाख|वैशाख|जेठ|जेष्ठ|असार|आषाढ|साउन|श्रावण|भदौ|भाद्र|असोज|आश्विन|कात्तिक|कार्तिक|)"
           R"(मंसिर|मङ्सिर|पुस|पौष|माघ|फागुन|फाल्गुन|चैत|चैत्र)\s+)" + kDayOfMonth + R"(\s*गते))",
       "", {}, 0.8},
      // "ngày mùng 10 tháng 3 âm lịch", "mùng 10 tháng 3": a day of the lunar calendar in Vietnamese, the day written
      // with "mùng", or "âm lịch" ("lunar") after it.
      {"date_lunar_vietnamese", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}])((?:(?i:ng(?:à|À)y)\s+)?(?i:m(?:ù|Ù)ng)\s+)" + kDayOfMonth +
           R"(\s+(?i:th(?:á|Á)ng)\s+(?:1[0-2]|0?[1-9])(?:\s+(?i:(?:â|Â)m\s+l(?:ị|Ị)ch))?|)" + kDayOfMonth +
           R"(\s+(?i:th(?:á|Á)ng)\s+(?:1[0-2]|0?[1-9])\s+(?i:(?:â|Â)m\s+l(?:ị|Ị)ch)))",
       "", {}, 0.8},
      // "农历九月初九", "農曆正月十五": a day of the lunar calendar in Chinese, after "lunar calendar", the month in
      // numerals and the day as the calendar counts it ("初九", "廿三"); written without a digit, it is searched in the
      // whole text.
      {"date_lunar_chinese", "DATE",
       R"(((?:农历|農曆|阴历|陰曆)(?:正|一|二|三|四|五|六|七|八|九|十|十一|十二|冬|腊|臘|\d{1,2})月)"
       R"((?:初(?:一|二|三|四|五|六|七|八|九|十)|十(?:一|二|三|四|五|六|七|八|九)?|二十(?:一|二|三|四|五|六|七|八|九)?|)"
       R"(廿(?:一|二|三|四|五|六|七|八|九)|)"
       R"(三十|\d{1,2}(?:日|号|號)?)))",
       "", {}, 0.8, false, true},
      // "R6.5.20（月）", "H30.4.1(金)": a date of the Japanese eras Reiwa, Heisei and Showa written with their initial, as
      // forms and booking slips do, before its weekday in brackets ("R3.6.1" alone is a version).
      {"date_japanese_era_initial", "DATE",
       R"((?:^|[^\w.])([RHS]\d{1,2}\.(?:1[0-2]|0?[1-9])\.)" + kDayOfMonth +
           R"(\s?\((?:月|火|水|木|金|土|日)\)))",
       "", {}, 0.8},
      // "Příští očkování leden 2025", "termin: listopad 2024": a Czech or Polish month in the nominative and its
      // year.
      {"date_month_year_slavic", "DATE",
       R"(\b((?i:leden|(?:ú|Ú)nor|b(?:ř|Ř)ezen|duben|kv(?:ě|Ě)ten|(?:č|Č)erven(?:ec)?|srpen|z(?:á|Á)(?:ř|Ř)(?:í|Í)|)"
       R"((?:ř|Ř)(?:í|Í)jen|listopad|prosinec|stycze(?:ń|Ń)|luty|marzec|kwiecie(?:ń|Ń)|czerwiec|lipiec|)"
       R"(sierpie(?:ń|Ń)|wrzesie(?:ń|Ń)|pa(?:ź|Ź)dziernik|grudzie(?:ń|Ń))\s+)" + kYear + R"())" + kWordEnd,
       "", {}, 0.8},
      // Hungarian and Lithuanian write the year first, and the month in lower case: "2024. március 15-én", "2024.
      // márc. 15.", "2024 m. kovo 15 d.", "2024 m. kovo mėn. 15 d." ("in 2023. December 5 was" is two sentences).
      {"date_year_first_month_name", "DATE",
       R"(\b)" + kYear +
           R"((?:\.|\s*m\.)\s+(?:január|február|március|április|május|június|július|augusztus|szeptember|október|)"
           R"(november|december|jan\.|febr\.|márc\.|ápr\.|máj\.|jún\.|júl\.|aug\.|szept\.|okt\.|nov\.|dec\.|)"
           R"(sausio|vasario|kovo|balandžio|gegužės|birželio|liepos|rugpjūčio|rugsėjo|spalio|lapkričio|gruodžio))"
           R"((?:\s+mėn\.)?\s+)" +
           kDayOfMonth + R"(\b(?:\s*d\.)?)",
       "", {}, 0.8},
      // The year first, as Armenian, Kazakh, Mongolian and Basque write a date: "2025 թ. հունիսի 14-ին", "2024 жылғы 18
      // қазан", "1993 оны 7 сарын 21", "2024ko azaroaren 4".
      {"date_year_first_in_other_scripts", "DATE",
       R"(\b()" + kYear +
           R"(\s*թ\.?\s+(?:մարտի|)" + kArmenianMonthGenitive + R"()\s+)" + kDayOfMonth + R"(|)" + kYear +
           R"(\s+жыл(?:ғы|дың)\s+)" + kDayOfMonth +
           R"(\s+(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)|)" + kYear +
           R"(\s+оны\s+(?:1[0-2]|0?[1-9])\s+(?:дугаар\s+)?сарын\s+)" + kDayOfMonth + R"(|)" + kYear +
           R"(ko\s+)" + kBasqueMonthGenitive + R"(\s+)" + kDayOfMonth + R"()(?:\D|\z))",
       "", {}, 0.8},
      // A Basque or Armenian month in the genitive before its day without the year ("azaroaren 22ra", "նոյեմբերի
      // 12-ին"); not an ordinal ("ekainaren 2. astean").
      {"date_genitive_month_day", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}])((?:)" + kBasqueMonthGenitive + "|" + kArmenianMonthGenitive + R"()\s+)" +
           kDayOfMonth + R"()(?:[^\d.]|\.(?:\S|\z)|\z))",
       "", {}, 0.8},
      // Latvian: "2024. gada 15. martā".
      {"date_year_gada_day_month", "DATE",
       R"(\b)" + kYear + R"(\.\s+gada\s+)" + kDayOfMonth +
           R"(\.\s+(?:janvārī|februārī|martā|aprīlī|maijā|jūnijā|jūlijā|augustā|septembrī|oktobrī|novembrī|decembrī))",
       "", {}, 0.8},
      // "sept. 2021", "JAN 2024": only after a word that introduces a date ("the march 2019 protest", "SEP 2019
      // contribution").
      {"date_month_year_any_case", "DATE",
       R"(\b(?:)" + kMonthFullAnyCase + "|" + kMonthAbbreviationAnyCase + R"()\.?,?\s+)" + kYear + R"(\b)", "",
       {"in", "since", "from", "until", "by", "dob", "born", "date", "exp", "expiry", "expires", "seen", "due", "on",
        "depuis", "desde", "seit", "sinds", "od", "dal", "desde"},
       0.4},
      // "01/2024", "08.2019": a month and a four-digit year; with a dot only for the months written with a zero
      // ("10.2004" is a decimal). A law's number ("Regulation (EU) No. 10/2011", "Ley Orgánica 10/1995", "Legge n.
      // 12/2019") and the end of an invoice's or a form's number ("FV/112/05/2024", "nr 118/04/2024") are matched and
      // not reported.
      {"date_month_year_numeric", "DATE",
       R"((?:\bNo|(?i:\b(?:no\.|nr\.?|n\.?º|ley|lei|legge|loi|decreto|decree|law|act|directive|regulation|circular|art\.?|)"
       R"(d\.lgs\.?)))(?:\s+[^\s\d]+)?\.?\s+\d{1,2}/)" + kYear + R"(\b|\d/\d{1,2}/)" + kYear + R"(\b|)" +
           R"(\b((?:0[1-9]|1[0-2])/)" + kYear + R"(|0[1-9]\.)" + kYear + R"()\b)",
       "", {}, 0.75},
      // "ADMIN: 14 NOV 24 0830H": a day, a month in capitals and a two-digit year, before a time or punctuation ("1 MAY
      // 25 mg" is a dose).
      {"date_day_capital_month_short_year", "DATE",
       R"(\b(\d{1,2} (?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC) \d{2})(?:\s+(?:[01]\d|2[0-3]):?[0-5]\dH?\b|)"
       R"(\s*[,.;)](?:\D|\z)|\s*\n|\s*\z))",
       "date", {}, 0.75},
      // "Novmber 14", "Febuary 3rd": months as hurried notes misspell them, before a day.
      {"date_misspelled_month", "DATE",
       R"(\b(?i:febuary|feburary|janurary|janury|novmber|noveber|decmber|septmber|setpember|agust|ocotber|octobor))"
       R"(\.?\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b)",
       "", {}, 0.75},
      // "14NOV24", "09Dec2024": pharmacy labels and medication records, written without spaces ("1 MAY 25 mg" is a
      // dose).
      {"date_compact_capitals", "DATE",
       R"(\b)" + kDayOfMonth +
           R"((?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"
           R"((?:\d{4}|\d{2})\b)",
       "date", {}, 0.8},
      // "nov 14th", "NOVEMBER 18TH", "march 3, 2021": a month in lower case or capitals before an ordinal day, or
      // before a day and a year.
      {"date_month_day_any_case", "DATE",
       R"(\b((?:)" + kMonthFullAnyCase + "|" + kMonthAbbreviationAnyCase + R"()\.?\s+)" + kDayOfMonth +
           R"((?:(?i:st|nd|rd|th)(?:,?\s+)" + kYear + R"()?|,?\s+)" + kYear + R"()))" + kWordEnd,
       "", {}, 0.75},
      // "DOS 20241114", "DOB: 19520307", "d.o.b 03031950", "dob 120985", "DOB=19520611", "Collected: 20240304": eight
      // or six digits after a word that says they are a date (a lab's collected, received and reported).
      {"date_compact_numeric", "DATE",
       R"((?:\bDOS|(?i:\b(?:dob|d\.o\.b\.?|date of (?:birth|service)|collected|received|reported)))\s*[:#=]?\s*)"
       R"((\d{8}|\d{6})\b)",
       "compact_date", {}, 0.8},
      // "LMP: 28/11", "EDD 3/4", "DOI: 11/28", "Date: 12/3", "Adm: 12/3": a day and month after a label that says it
      // is a date.
      {"date_labelled_day_month", "DATE",
       R"((?:\bDOS|(?i:\b(?:lmp|edd|edc|d\.o\.s\.?|doi|dob|adm|)"
       R"(date(?:\s+of\s+(?:birth|service|injury|onset|admission|discharge))?))))"
       R"(\s*[:#]?\s*(\d{1,2}/\d{1,2})(?:[^\d/]|\z))",
       "day_month", {}, 0.8},
      // "Injury on 28.11. at home", "on 28.11.24": a dotted day and month with its closing dot, or a two-digit year,
      // after "on", with two digits each. With the closing dot only before a word in lower case, a comma, a bracket,
      // a time, a line break or the end ("Tested on 22.04. Upgrade later" is a release); with a year the day must be
      // above 12 ("on 10.15.24" is a version).
      {"date_on_dotted_day_month", "DATE",
       R"(\b(?i:on)\s+(\d{2}\.\d{2}\.)(?:\s+[a-z]|\s*[,;)\n]|\s+\d{1,2}[:h.]\d{2}|\s*\z))", "day_month", {}, 0.75},
      {"date_on_dotted_short_year", "DATE",
       R"(\b(?i:on)\s+((?:1[3-9]|2\d|3[01])\.(?:0[1-9]|1[0-2])\.\d{2})(?:[^\d.]|\z))", "date", {}, 0.75},
      // "9 déc. 2024", "9 dic 2024", "9 Dez. 2024", "12 de jan. de 2024", "15 lut. 2024": an abbreviated month with its
      // year; with the year, also the abbreviations that are words ("dec", "set", "mar") and the Portuguese and Polish
      // ones ("out", "lis").
      {"date_day_month_abbreviation_year", "DATE",
       R"(\b()" + kDayOfMonth + R"(\.?\s+(?:de\s+)?(?:)" + kForeignMonthAbbreviation +
           R"(|(?i:dec|set|mar|ara|maj|fev|out|sty|lut|kwi|cze|lip|sie|wrz|pa(?:ź|Ź)|lis|gru|agt|ags|peb|nop))\.?,?)"
           R"(\s+(?:de\s+)?)" +
           kYear + R"()\b)",
       "", {}, 0.8},
      // "9-XII-2024", "09.XII.2024", "23/VI/1958", "3 IV 2024": a month in Roman numerals between the day and the year;
      // spaced, not I, V or X ("PANEL 25 X 2000 MM").
      {"date_roman_month", "DATE",
       R"(\b)" + kDayOfMonth +
           R"((?:-(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)-|/(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)/|)"
           R"(\.(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\.\s?| (?:II|III|IV|VI|VII|VIII|IX|XI|XII) ))" +
           kYear + R"(\b)",
       "", {}, 0.8},
      // "2024-11-14T09:30:12Z": the date of an ISO 8601 timestamp, which no word boundary ends.
      {"date_iso_timestamp", "DATE", R"(\b(\d{4}-\d{2}-\d{2})T\d{2}:\d{2})", "date", {}, 0.85},
      // "20240315T103000": the date of an ISO 8601 timestamp in its basic form.
      {"date_iso_basic_timestamp", "DATE", R"(\b((?:19|20)\d{6})T\d{4}(?:\d{2})?(?:Z|\b))", "compact_date", {}, 0.85},
      // "2024. 3. 15.", "2024. 03. 15.": Korean and Hungarian write the year, month and day each with its dot.
      {"date_year_first_dotted_spaced", "DATE",
       R"(\b((?:19|20)\d{2}\.\s(?:0?[1-9]|1[0-2])\.\s(?:0?[1-9]|[12]\d|3[01])\.)(?:\D|\z))", "", {}, 0.8},
      // "New Year's Day 2024", "Christmas Eve 2023": a holiday that names one day, with its year ("Independence Day
      // 1996" and "Halloween 2018" are films).
      {"date_holiday_year", "DATE",
       R"(\b((?:New\s+Year(?:'|’)?s\s+(?:Day|Eve)|(?:Christmas|Xmas)\s+(?:Day|Eve)|Boxing\s+Day|)"
       R"(Easter\s+(?:Sunday|Monday)|Good\s+Friday|Thanksgiving(?:\s+Day)?|Valentine(?:'|’)?s\s+Day),?\s+)"
       R"((?:19|20)\d{2})\b)",
       "", {}, 0.8},
      // "12/03 (Fri)", "15/03 (Friday)": a day and month of two digits each with its weekday in brackets ("Cycle 2/6
      // (Wed)" is a count).
      {"date_day_month_weekday_bracket", "DATE",
       R"(\b(\d{2}/\d{2})\s?\((?i:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?i:day|sday|nesday|rsday|urday)?)"
       R"(\.?\))",
       "day_month", {}, 0.8},
      // "send it before 25/10.", "jusqu'au 23/10.", "hạn chót 30/9.", "arrived 5/14 at 3:22am": a day and a month, one
      // of them past twelve, after a word of a deadline or of an arrival that no fraction or ratio follows ("by 3/16",
      // "by 16/9" are), and followed only by punctuation, "at" or the end.
      {"date_day_month_after_a_deadline", "DATE",
       R"((?i:\bbefore|\barrived|\bborn|\bjusqu(?:'|’)(?:au|à)|\bh(?:ạ|Ạ)n\s+ch(?:ó|Ó)t|\bvence)\s+)"
       R"(((?:1[3-9]|2\d|3[01])/(?:1[0-2]|0?[1-9])|(?:1[0-2]|0?[1-9])/(?:1[3-9]|2\d|3[01])))"
       R"((?:\s*(?:[.,;:!?)\n]|—|–)|\s+(?:at|@|à)\s|\s*\z))",
       "day_month", {}, 0.8},
      // "12/03 at 2pm", "11am 12/03": a day and month of two digits each beside a clock time written with am or pm
      // ("VA 6/9 at 10am", "BP 12/8 at 10am" are ratios; "11am 24/7" is around the clock: matched, not reported).
      {"date_day_month_before_am_pm", "DATE",
       R"(\b(\d{2}/\d{2})\s+(?i:at\s+)?)" + kAmPmTime + R"(\b)", "day_month", {}, 0.75},
      {"date_day_month_after_am_pm", "DATE",
       R"(\b)" + kAmPmTime + R"(\s+(?:24/7\b|(\d{2}/\d{2})(?:[^\d/]|\z)))", "day_month", {}, 0.75},
      // "DOB: 1.1.70": a dotted date of birth with one-digit day or month.
      {"date_dotted_birth_date", "DATE",
       R"((?i:\b(?:dob|d\.o\.b\.?|date\s+of\s+birth))\s*[:#-]?\s*(\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})))"
       R"((?:[^\d.]|\.\D|\.?\z))",
       "date", {}, 0.8},
      // "02.04–09.04.2024", "3/8-7/8/2024": the first day of a range whose other end is a full date.
      {"date_day_month_before_full_date", "DATE",
       R"(\b(\d{1,2}[./]\d{1,2})\.?\s?(?:–|—|-)\s?(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./](?:19|20)\d{2}\b)",
       "day_month_opening_range", {}, 0.8},
      // "cut-off 19/08 12:00", "доставят 15.08 с 10:00": a day and month right before a clock time. With a dot, only
      // two digits each and a word for "from" or "at" in a language that writes dates so ("Glucose 11.08 at 06:00",
      // "kernel 5.15 10:42" are values); not inside a longer number or after a price ("$12/05 at", "3.10/12 10:42":
      // matched first and not reported).
      {"date_day_month_before_time", "DATE",
       R"([$.,]\d{1,2}/\d{1,2}\s|)"
       R"(\b(\d{1,2}/\d{1,2})\.?,?\s+(?:(?i:at|um|à|(?:à|a)s|a\s+las|alle|om|o|kl\.?|lúc)\s+|с\s+|в\s+)?)"
       R"((?:[01]?\d|2[0-3])[:h][0-5]\d\b)",
       "day_month", {}, 0.75},
      {"date_dotted_day_month_before_time", "DATE",
       R"([$.,]\d{2}\.\d{2}\s|)"
       R"(\b(\d{2}\.\d{2})\.?,?\s+(?:(?i:um|à|alle|om|kl\.?|lúc|godz\.?)\s+|с\s+|в\s+|о\s+|об\s+))"
       R"((?:[01]?\d|2[0-3])[:h.][0-5]\d\b)",
       "day_month", {}, 0.75},
      // "прибытие: 13.07 07:55", "na 20.04 o 10:00": a day and month of two digits each with a dot, after a word in
      // Cyrillic letters or a Polish or Czech word for "on", "from" or "to", where those languages write decimals with
      // a comma, before a clock time. Versions, sections and rates are written so too, but with no time after them
      // ("Установлена 20.04 (LTS)", "пункт 12.03", "do 22.04.").
      {"date_dotted_day_month_before_clock", "DATE",
       R"((?:[\x{d0}-\x{d3}][\x{80}-\x{bf}]:?|(?i:\bna|\bod|\bdo|\bdnia|\bdne))\s+)"
       R"(((?:[12]\d|3[01]|0[1-9])\.(?:0[1-9]|1[0-2])))"
       R"(\s+(?:(?i:godz\.?|o|v)\s+|о\s+|об\s+|в\s+|с\s+)?(?:[01]?\d|2[0-3])[:.][0-5]\d\b)",
       "day_month", {}, 0.75},
      // "dnia 20.04.", "dne 14.05,": the same after the Polish or Czech "of the day", where its clause ends.
      {"date_dotted_day_month_of_the_day", "DATE",
       R"((?i:\bdnia|\bdne)\s+((?:[12]\d|3[01]|0[1-9])\.(?:0[1-9]|1[0-2]))(?:\s*[,;)\n]|\.?\s*\z|\.\s))",
       "day_month", {}, 0.75},
      // "cut-off 19-08 12:00": the same with a hyphen, only with a day above 12 and a two-digit month ("08-12 14:00"
      // are opening hours). After a room's or a place's label it is that place ("Room 14-03 09:30": matched, not
      // reported).
      {"date_hyphenated_day_month_before_time", "DATE",
       R"((?i:\b(?:room|rm|ward|bed|bay|flat|apt|unit|gate|platform|suite|ste|no|nr)\.?\s*#?\s*)\d{2}-\d{2}\s|)"
       R"(\b((?:1[3-9]|2\d|3[01])-(?:0[1-9]|1[0-2]))\s+(?:[01]\d|2[0-3]):[0-5]\d\b)", "", {}, 0.75},
      // "13/11 → 14/11", "(14/11 - 15/11)": two days and months read the same way round, as a range.
      {"date_day_month_range", "DATE", R"(\b\d{1,2}/\d{1,2}\s?(?:→|->|-|–|to)\s?\d{1,2}/\d{1,2}\b)",
       "day_month_range", {}, 0.8},
      // "June twenty-first", "March the third": a capitalised month before a day in words ("May" is left out: "May
      // first responders"; nor "March second-hand sales").
      {"date_month_day_in_words", "DATE",
       "\\b((?:January|February|March|April|June|July|August|September|October|November|December)\\s+(?:the\\s+)?" +
           kOrdinalWord + ")(?:[^\\w-]|\\z)",
       "", {}, 0.75, false, true},
      // "Tuesday the twelfth?", "friday march first.", "march the second at ten": as calls are transcribed, a weekday
      // before a day in words (or before a month and one), or a month in any case before "the" and a day in words,
      // before punctuation, "at" or the end ("On Monday the second dose was given"; "may" is left out).
      {"date_weekday_day_in_words", "DATE",
       "\\b((?i:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\s+(?:the\\s+|" + kMonthLower +
           "\\s+(?:the\\s+)?)|(?:january|february|march|april|june|july|august|september|october|november|december)"
           "\\s+the\\s+)(?i:" + kOrdinalWord + "))(?:\\s*[.,;:!?)\\n]|\\s+at\\s|\\s*\\z)",
       "", {}, 0.75, false, true},
      // "el veintitrés de abril", "le vingt-deux juin": a day in Spanish or French words before its month (the French
      // in lower case, as French writes it: "six Mars rovers"); not the holiday "Cinco de Mayo" (matched, not
      // reported).
      {"date_day_in_words_romance", "DATE",
       "\\b(?i:cinco\\s+de\\s+mayo)\\b|\\b((?i:" + kSpanishDayWord + ")\\s+de\\s+(?i:" + kSpanishMonth +
           ")|(?i:" + kFrenchDayWord + ")\\s+(?:janvier|f(?:é|e)vrier|mars|avril|mai|juin|juillet|ao(?:û|u)t|"
           "septembre|octobre|novembre|d(?:é|e)cembre))" + kWordEnd,
       "", {}, 0.75, false, true},
      // "the twenty-first of November": a day in words, in lower case; not the holiday ("fourth of July") or a
      // fraction ("a third of March's rainfall"), which are matched and not reported.
      {"date_in_words", "DATE",
       "\\b(?i:fourth\\s+of\\s+july|(?:a|one|two|three)\\s+" + kOrdinalWord + "\\s+of)\\b|\\b(" + kOrdinalWord +
           "\\s+of\\s+(?i:" + kMonthLower + "))\\b",
       "", {}, 0.75, false, true},
      // "14 / 05 / 2024", "4. 5. 2024": a numeric date with spaces around its separators.
      {"date_numeric_spaced", "DATE",
       R"(\b\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{4}\b|\b\d{1,2}\.\s\d{1,2}\.\s)" + kYear + R"(\b)", "date", {},
       0.8},
      // "Termin Mo. 8.4.", "am Di, 2.4.", "afspraak ma 8/4 om 10u", "予約 4/8（月）": a weekday as German, Dutch and
      // Japanese abbreviate it, beside a day and month (the German with or without its own dot, before the month's;
      // the Dutch before "om", punctuation or the end, as "di" and "do" are also words there and elsewhere).
      {"date_german_weekday_abbreviation", "DATE",
       R"(\b((?:Mo|Di|Mi|Do|Fr|Sa|So)(?:\.,?|,)?\s+)"
       R"((?:[12]\d|3[01]|0?[1-9])\.(?:1[0-2]|0?[1-9])\.(?:\d{4}|\d{2})?)(?:[^\d.]|\z))",
       "", {}, 0.8},
      {"date_dutch_weekday_abbreviation", "DATE",
       R"(\b((?i:ma|wo|vr|za|zo)\.?\s+(?:[12]\d|3[01]|0?[1-9])/(?:1[0-2]|0?[1-9]))(?:\s+om\b|[,.;]|\s*\z))", "", {},
       0.8},
      // "5/20（月）", "3/23(토)": a month and day before its weekday in brackets, in Japanese or Korean.
      {"date_japanese_weekday_bracket", "DATE",
       R"(\b((?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9]))\s*(?:（|\()(?:(?:月|火|水|木|金|土|日)(?:曜日?)?|)"
       R"((?:월|화|수|목|금|토|일)(?:요일)?)(?:）|\)))",
       "", {}, 0.8},
      // "mercredi 15/05", "sexta 24/5", "sáb 3/8", "Jumamosi 6/7", "khamis 20/6": a weekday in another language and a
      // day and month ("vie" is also French for "life": "qualité de vie 7/10").
      {"date_weekday_foreign", "DATE",
       R"(\b((?i:)" + kForeignWeekday + "|" + kPortugueseWeekday +
           R"(|mi(?:é|É)|jue|s(?:á|Á)b|jumatatu|jumanne|jumatano|alhamisi|ijumaa|jumamosi|jumapili|ahad|ithnayn|)"
           R"(thalatha|arbi3a|arba3a|khamis|gum3a|jum3a|sabt)(?:-feira)?,?\s+(?:(?i:dia|den|le)\s+)?)"
       R"(\d{1,2}/\d{1,2}(?:/(?:\d{4}|\d{2}))?)\b)",
       "weekday_date", {}, 0.8},
      // "martes 21 a las 4", "sexta-feira dia 24": a weekday and a bare day, only when punctuation, a word for "at"
      // or the end follows ("lunes 3 horas", "Montag 5% Rabatt" and "Domingo 3 veces" are not dates). The Portuguese
      // weekdays are also ordinals ("a segunda 2 vezes"): without "-feira" they need "dia".
      {"date_weekday_foreign_day", "DATE",
       R"(\b((?:(?i:)" + kForeignWeekday + R"()|(?i:)" + kPortugueseWeekday + R"()-feira),?\s+(?:(?i:dia|den|le)\s+)?)" +
           kDayOfMonth + R"(|(?i:)" + kPortugueseWeekday + R"(),?\s+(?i:dia)\s+)" + kDayOfMonth +
           R"()(?:\s*(?:[.,:](?:\D|\z)|[;!?)\n])|\s+(?i:às|as|a\s+las?|um|à|om|at|de|del|du)\s|\s*\z))",
       "", {}, 0.8},
      // "mer 4 ott", "za 14 sept", "SAT 14 OCT", "di 5 mrt": an abbreviated weekday, a day and an abbreviated month, in
      // English, French, Spanish, Italian, German, Dutch and Turkish. Weekdays of two letters are also words ("So 10
      // may need", "do 2 dec places", "di 2 set a 0"): they take only months that are not English or Italian words.
      {"date_weekday_day_month_abbrev", "DATE",
       R"(\b((?i:mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun|lun|mer|mi(?:é|É)|gio|jeu|jue|sab|s(?:á|Á)b|pzt|(?:ç|Ç)ar|)"
       R"(cmt)\.?,?\s+)" + kDayOfMonth + R"(\.?\s+(?:)" + kForeignMonthAbbreviation +
           R"(|(?i:may|dec|set|mar|ara))|(?i:ma|di|wo|do|vr|za|zo|mo|mi|fr|sa|so)\.?,?\s+)" + kDayOfMonth +
           R"(\.?\s+)" + kForeignMonthAbbreviation + R"()\.?(?:\s+)" + kYear + R"()?)" + kWordEnd,
       "", {}, 0.8},
      // "15 tháng 3 năm 2024": a Vietnamese date with its year.
      {"date_vietnamese", "DATE", R"(\b\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+)" + kYear + R"(\b)", "", {}, 0.8},
      // "Hunyo 15", "Sabado, Hunyo 15", "Hulyo 12, 2024": Filipino months, capitalised, before a day; not "Mayo"
      // ("Mayo 2 tbsp", "Mayo 2-14", "Av. de Mayo 25").
      {"date_filipino", "DATE",
       R"(\b(?:Enero|Pebrero|Marso|Abril|Hunyo|Hulyo|Agosto|Setyembre|Oktubre|Nobyembre|Disyembre)\s+)" +
           kDayOfMonth + R"((?:,?\s+)" + kYear + R"()?\b)",
       "", {}, 0.75},
      // "Blodprøve 26.02.24.", "Aufnahme 11.03.24,", "שחרור 17.3.24.": a dotted date with a two-digit year whose day
      // and month have two digits each, or whose day is above 12; not inside a longer dotted run ("1.10.03.24").
      // Neither the copyrights nor the fortunes corpus writes a version so; with one digit first ("2.7.10") they do,
      // and those need a word before them.
      {"date_dotted_padded_short_year", "DATE",
       R"((?:^|[^\w.])((?:(?:[12]\d|3[01]|0[1-9])\.(?:0[1-9]|1[0-2])|(?:1[3-9]|2\d|3[01])\.[1-9])\.\d{2}))"
       R"((?:[^\d.]|\.(?:\D|\z)|\z))",
       "date", {}, 0.8},
      // "st 27. 3.", "ti 19.3.", "pon. 19.02", "jeu. 21/03", "lun 18/3", "keskiviikkona 12.2.", "torsdag d. 26/9",
      // "Isnin, 12/2", "Thứ Năm, 28/3": a weekday in Polish, Czech, Finnish, the Nordic languages, French, Spanish,
      // Italian, Malay or Vietnamese before a day and month; the two-letter abbreviations only with the dots after
      // both.
      {"date_weekday_day_month_european", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}])((?i:)" + kTwoLetterWeekday + R"()\.?,?\s+)" + kDayOfMonth +
           R"(\.\s?(?:1[0-2]|0?[1-9])\.|(?i:)" + kWeekdayWhole + "|" + kWeekdayAbbreviation + R"()\.?,?\s+(?:)" +
           kDayOfMonth + R"(\.\s?(?:1[0-2]|0?[1-9])\.|(?:[12]\d|3[01]|0[1-9])\.(?:1[0-2]|0[1-9]))|(?:(?i:)" +
           kWeekdayWhole + R"()|(?i:)" + kWeekdayAbbreviation + R"()\.|(?i:)" + kWeekdayAbbreviationNoWord +
           R"()),?\s+(?:(?i:d)\.\s+)?\d{1,2}/\d{1,2}))"
           R"((?:[^\w\x{80}-\x{ff}./]|[./](?:[^\w\x{80}-\x{ff}]|\z)|\z))",
       "weekday_date", {}, 0.8},
      // "Δευτέρα 22/7", "пн 29.07", "الخميس 13/6", "ביום ה' 25.7", "qui., 18/07": a weekday in Greek, Cyrillic,
      // Arabic or Hebrew letters, or abbreviated in Portuguese with its dot, before a day and a month (and a year) with
      // slashes or dots; "Mittwoch, 12.06.": a weekday of German, French, Spanish, Italian, Dutch, Turkish or
      // Indonesian before a day and month with the dot after both ("Mittwoch 10.12 Uhr" is a time); "Τετάρτη 5
      // Ιουνίου": a weekday before a day and a month of the languages kEuropeanMonth names.
      {"date_weekday_day_month_scripts", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}]|ב|ל|ו)((?:)" + kWeekdayOtherScripts + R"(),?\s+)" + kDayOfMonth +
           R"((?:/|\.)(?:1[0-2]|0?[1-9])(?:(?:/|\.)(?:\d{4}|\d{2}))?\.?|(?:)" + kWeekdayAbbreviationOtherScripts +
           R"(),?\s+)" + kDayOfMonth + R"((?:/|\.)(?:1[0-2]|0[1-9])(?:(?:/|\.)(?:\d{4}|\d{2}))?\.?|(?i:)" +
           kForeignWeekday + R"(),?\s+)" + kDayOfMonth + R"(\.(?:1[0-2]|0?[1-9])\.(?:\d{4}|\d{2})?|(?:)" +
           kWeekdayOtherScripts + "|" + kWeekdayAbbreviationOtherScripts + R"(),?\s+)" + kDayOfMonth + R"(\s+)" +
           kEuropeanMonth + R"())"
           R"((?:[^\w\x{80}-\x{ff}./]|[./](?:[^\w\x{80}-\x{ff}]|\z)|\z))",
       "weekday_date", {}, 0.8, false, false,
       // Every match has a weekday ending in a letter beyond ASCII or a geresh before its day, or one in ASCII letters
       // before its day with its dot (and a month of two digits, or a space), or before a day and month with their
       // dots: the whole pattern then runs on few of dense notes' many "12/03" and "2.5".
       R"((?:[\x{80}-\x{bf}]|')\.?,?\s+\d|[a-zA-Z]\.,?\s+\d{1,2}(?:(?:/|\.)\d\d|\s)|[a-zA-Z],?\s+\d{1,2}\.\d{1,2}\.)"},
      // "12. Sept.", "3. Okt.": a day with its dot and a German month abbreviated with its dot.
      {"date_day_german_month_abbreviation", "DATE",
       R"(\b()" + kDayOfMonth + R"(\.\s?(?:Jan|Feb|M(?:ä)rz?|Mrz|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez)\.))", "", {}, 0.8},
      // "15 มี.ค. 2567", "8 มี.ค. 67", "4 มีนาคม", "19 ກັນຍາ 2024": Thai months, abbreviated or whole, and Lao months,
      // after the day, with a year of the Buddhist era (four digits or two) if one is written.
      {"date_thai", "DATE",
       R"(\b()" + kDayOfMonth +
           R"(\s*(?:ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.|มกราคม|)"
           R"(กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|)"
           R"(ມັງກອນ|ກຸມພາ|ມີນາ|ເມສາ|ພຶດສະພາ|ມິຖຸນາ|ກໍລະກົດ|ສິງຫາ|ກັນຍາ|ຕຸລາ|ພະຈິກ|ທັນວາ))"
           R"((?:\s*(?:พ\.ศ\.\s*)?(?:25\d{2}|(?:19|20)\d{2}|\d{2}))?)(?:\D|\z))",
       "", {}, 0.8},
      // "14 במרץ 2024", "3 ביוני": Hebrew months after the day, with or without the prefix for "in", and the year.
      {"date_hebrew", "DATE",
       R"(\b()" + kDayOfMonth +
           R"(\s+(?:ב)?(?:ינואר|פברואר|מרץ|מרס|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר))"
           R"((?:\s+)" + kYear + R"()?))" + kWordEnd,
       "", {}, 0.8},
      // "י״ח בתשרי תשפ״ה", "ט' באדר ב' תשפ"ד", "בט״ו בשבט": a day of the Hebrew calendar in Hebrew numerals (with a
      // geresh or gershayim, or the ASCII quotes written for them), "in" and its month, and the year if written;
      // searched in the whole text, as it has no digits.
      {"date_hebrew_calendar", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}]|-)(?:ב|ה|ל)?((?:(?:א|ב|ג|ד|ה|ו|ז|ח|ט|י|כ|ל)(?:׳|')|)"
       R"((?:י|כ)(?:״|")(?:א|ב|ג|ד|ה|ו|ז|ח|ט)|ט(?:״|")(?:ו|ז))\s+ב(?:תשרי|מרחשוון|חשוון|חשון|כסלו|כסליו|טבת|שבט|)"
       R"(אדר(?:\s+(?:א|ב)(?:׳|'))?|ניסן|אייר|)"
       R"(סיוון|סיון|תמוז|אב|אלול)(?:\s+(?:ה(?:׳|'))?ת(?:ש|ת|ר|ק)(?:א|ב|ג|ד|ה|ו|ז|ח|ט|י|כ|ל|מ|נ|ס|ע|פ|צ)?)"
       R"((?:״|")(?:א|ב|ג|ד|ה|ו|ז|ח|ט|י|כ|ל|מ|נ|ס|ע|פ|צ|ך|ם|ן|ף|ץ))?))" + kWordEnd,
       "", {}, 0.8, false, true,
       // Every match has a geresh (or "'"), or a gershayim (or '"') and a letter, before a space and "in".
       R"((?:\x{d7}\x{b3}|'|(?:\x{d7}\x{b4}|")\x{d7}[\x{90}-\x{aa}])\s+\x{d7}\x{91})"},
      // "既往歴：H28.10.14", "S63.01.07", "R5.04.01": a date of the Heisei, Showa or Reiwa era as Japanese records
      // abbreviate it, with a two-digit month and day, in Japanese text: right after a character beyond ASCII (and a
      // colon or a space) or at the start ("Spec S1.02.03", "Clause H2.10.15" are versions and clauses).
      {"date_japanese_era", "DATE",
       R"((?:^|[\x{80}-\x{ff}](?:\s?(?::|\()\s?|\s)?)((?:H(?:[1-9]|[12]\d|3[01])|S(?:[1-9]|[1-5]\d|6[0-4])|R(?:[1-9]|[1-4]\d)))"
       R"((?:\.(?:0[1-9]|1[0-2])\.(?:0[1-9]|[12]\d|3[01])|/(?:0[1-9]|1[0-2])/(?:0[1-9]|[12]\d|3[01]))))"
       R"((?:[^\w./]|[./](?:\D|\z)|\z))",
       "", {}, 0.8},
      // "עד ה-1/11", "ב-14/3": a day and a month joined by a hyphen to the Hebrew "the" or "on", as Hebrew writes a
      // date, with no more digits or slashes after it ("ב-1/2/3" is none); the validator refuses fractions ("ב-3/4").
      {"date_hebrew_day_month", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}])(?:ה|ב)-(\d{1,2}/\d{1,2})(?:[^\d/]|\z))", "day_month", {}, 0.8},
      // "14 மார்ச் 2024", "2024 മാർച്ച് 14", "മാർച്ച് 25", "૧૪ મે ૨૦૨૪", "৯ জ্যৈষ্ঠ ১৪৩১": the Gregorian months as
      // Tamil, Malayalam, Gujarati, Sinhala and Bengali write them, and the months of the Bengali calendar (with its
      // year, 14xx), before or after the day, or between the year and the day. The digits of those scripts are read
      // as ASCII.
      {"date_south_asian", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}])((?:)" + kDayOfMonth + R"(\s*)" + kSouthAsianMonth + R"((?:,?\s*(?:)" + kYear +
           R"(|14\d{2}))?|(?:)" + kYear + R"(\s+)?)" + kSouthAsianMonthNotAWord + R"(\s+)" + kDayOfMonth +
           R"((?:,\s*)" + kYear + R"()?))(?:[^\d\x{80}-\x{ff}]|\z))",
       "", {}, 0.8},
      // "٥ رمضان ١٤٤٥ هـ": the months of the Hijri calendar after the day, with the year of that calendar (14xx).
      {"date_hijri_month_name", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}])()" + kDayOfMonth +
           R"(\s+(?:محرم|صفر|ربيع الأول|ربيع الاول|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الاولى|جمادى الآخرة|)"
           R"(جمادى الثانية|رجب|شعبان|رمضان|شوال|ذو القعدة|ذي القعدة|ذو الحجة|ذي الحجة)\s*14\d{2}\b(?:\s*هـ)?))",
       "", {}, 0.8},
      // "ថ្ងៃទី១៤ ខែមីនា ឆ្នាំ២០២៤", "14 ខែមីនា": Khmer, the day, "month" and its name, and "year" and its number.
      {"date_khmer", "DATE",
       R"((?:^|\D)((?:ថ្ងៃទី\s*)?)" + kDayOfMonth +
           R"(\s*ខែ\s*(?:មករា|កុម្ភៈ|មីនា|មេសា|ឧសភា|មិថុនា|កក្កដា|សីហា|កញ្ញា|តុលា|វិច្ឆិកា|ធ្នូ))"
           R"((?:\s*ឆ្នាំ\s*)" + kYear + R"()?))",
       "", {}, 0.8},
      // "၂၀၂၄ ခုနှစ်၊ မတ်လ ၁၄ ရက်", "မတ်လ ၁၄ ရက်": Burmese, the year and "year", the month with "month", the day and
      // "day".
      {"date_burmese", "DATE",
       R"((?:^|\D)((?:)" + kYear +
           R"(\s*ခုနှစ်\s*(?:၊)?\s*)?(?:ဇန်နဝါရီ|ဖေဖော်ဝါရီ|မတ်|ဧပြီ|မေ|ဇွန်|ဇူလိုင်|ဩဂုတ်|စက်တင်ဘာ|)"
           R"(အောက်တိုဘာ|နိုဝင်ဘာ|ဒီဇင်ဘာ)\s*လ\s*)" + kDayOfMonth + R"(\s*ရက်))",
       "", {}, 0.8},
      // "መስከረም 12 ቀን 2017 ዓ.ም", "Sene 5, 2016": the months of the Ethiopian calendar before the day, in Ge'ez script
      // (the year may be left out) or as they are written in Latin letters (with the year: "Tir" and "Sene" are also
      // words).
      {"date_ethiopian", "DATE",
       R"((?:^|[^\w\x{80}-\x{ff}])()" + kEthiopianMonthGeez + R"(\s*)" + kDayOfMonth + R"((?:\s*ቀን)?(?:,?\s*)" + kYear + R"((?:\s*ዓ\.\s*ም\.?)?)?|)"
           R"((?:Meskerem|Tikimt|Tikemt|Hidar|Tahsas|Tir|Yekatit|Megabit|Miazia|Miyazya|Genbot|Ginbot|Sene|Hamle|)"
           R"(Nehase|Pagume)\s+)" + kDayOfMonth + R"(,?\s+)" + kYear + R"()(?:\W|\z))",
       "", {}, 0.8},
      // "ika-14 ng Marso", "14 ng Marso 2024": Tagalog, the day (with "ika-", ordinal) and "ng" before the month.
      {"date_tagalog", "DATE",
       R"(\b((?:ika-?)?)" + kDayOfMonth +
           R"(\s+ng\s+(?:Enero|Pebrero|Marso|Abril|Mayo|Hunyo|Hulyo|Agosto|Setyembre|Oktubre|Nobyembre|Disyembre))"
           R"((?:,?\s+)" + kYear + R"()?)\b)",
       "", {}, 0.8},
      // "۲۹ فروردین ۱۴۰۳", "۲۷ مرداد": the months of the Persian calendar, with the year; without it only the months
      // that are no other word ("تیر", "مهر", "آذر" and "دی" are also words or names).
      {"date_persian", "DATE",
       R"(\b()" + kDayOfMonth +
           R"(\s+(?:فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند)\s+1[34]\d{2})\b)",
       "", {}, 0.8},
      {"date_persian_without_year", "DATE",
       R"(\b()" + kDayOfMonth + R"(\s+(?:فروردین|اردیبهشت|خرداد|مرداد|شهریور|آبان|بهمن|اسفند)))" + kWordEnd, "", {},
       0.8},
      // "二〇二四年三月四日", "三月十二日": a date in Chinese numerals.
      {"date_chinese_numerals", "DATE",
       R"((?:(?:〇|零|一|二|三|四|五|六|七|八|九){4}年)?(?:十(?:一|二)?|一|二|三|四|五|六|七|八|九)月)"
       R"((?:(?:二|三)?十(?:一|二|三|四|五|六|七|八|九)?|一|二|三|四|五|六|七|八|九)(?:日|号|號))",
       "", {}, 0.8, false, true},
      // "Kontrol d. 4/3-2024": the day and month with a slash and the year after a hyphen, as Danish and Norwegian
      // write them.
      {"date_slash_hyphen_year", "DATE",
       R"(\b()" + kDayOfMonth + R"(/(?:1[0-2]|0?[1-9])-)" + kYear + R"()\b)", "", {}, 0.8},
      // "DATE 09DEC", "return 12AUG": a two-digit day and a month in capitals, as airlines and rosters write them.
      {"date_compact_capitals_day_month", "DATE",
       R"(\b((?:[12]\d|3[01]|0[1-9])(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))\b)", "", {}, 0.75},
      // "1-877-NURSE-4U", "1-800-FLOWERS": a toll-free number spelled in letters, with hyphens or dots ("800 TABLETS"
      // is a dose).
      {"vanity_phone", "PHONE", R"((?:\b1[-.])?\b8(?:00|33|44|55|66|77|88)[-.](?:[A-Z0-9]{2,8}-?){1,3}\b)",
       "vanity_phone", {}, 0.75},
      // "1446/03/15", "۱۴۰۳/۰۵/۱۲", "4/9/1445", "04/11/2567", "113/05/28": numeric dates of the Hijri and Persian
      // calendars (years 1300-1499) and the Thai Buddhist era (25xx), and Taiwan's year of the Republic first with a
      // padded month and day. After two letters and a slash it ends a reference's number ("Case ref: CR/118/06/24":
      // matched, not reported).
      {"date_other_calendar_numeric", "DATE",
       R"([A-Za-z]{2}/\d{1,4}/\d{1,2}/\d{1,4}\b|)"
       R"(\b((?:1[34]\d{2}/(?:1[0-2]|0?[1-9])/(?:[12]\d|3[01]|0?[1-9])|(?:[12]\d|3[01]|0?[1-9])/(?:1[0-2]|0?[1-9])/)"
       R"((?:1[34]\d{2}|25\d{2})|1[01]\d/(?:0[1-9]|1[0-2])/(?:[12]\d|3[01]|0[1-9])))\b)",
       "", {}, 0.8},
      // "до 15.09", "с 25.03 по 05.04", "от 13.07": a day and month of two digits each after a Russian or Ukrainian
      // word for "until", "from", "to" (decimals there take a comma).
      {"date_dotted_day_month_cyrillic", "DATE",
       R"((?:^|\s)(?:до|с|по|от|з|на)\s+((?:[12]\d|3[01]|0[1-9])\.(?:0[1-9]|1[0-2]))(?:[^\d.]|\.(?:\D|\z)|\z))", "", {},
       0.8},
      // "18 de mar.", "5 de set.": a day, "de" and an abbreviated month with its dot, as Spanish and Portuguese write
      // them without the year.
      {"date_day_de_month_abbreviation", "DATE",
       R"(\b()" + kDayOfMonth +
           R"(\s+de\s+(?i:ene|jan|feb|fev|mar|abr|may|mai|jun|jul|ago|sept?|set|oct|out|nov|dic|dez)\.))", "", {},
       0.8},
      // "[09:14, 22/04] Juliana:": the day and month of a chat export's timestamp, either way round (the validator of a
      // range's first end: the time beside them, like the date there, says what they are).
      {"date_chat_timestamp", "DATE",
       R"(\[(?:[01]?\d|2[0-3]):[0-5]\d(?:\s?[AaPp][Mm])?,\s(\d{1,2}/\d{1,2})\])", "day_month_opening_range", {}, 0.8},
      {"age_years", "AGE", R"(\b(\d{2,3})(?:\s*-?\s*(?:years?|yrs?)(?:\s*-?\s*old)?|\s*(?:y/o|yo|y\.o\.)))", "age",
       {"age", "aged"}, 0.85},
      {"age_cued", "AGE", R"((?i:\baged?|\bage:)\s*(\d{2,3})\b)", "age", {}, 0.85},
      {"street_address", "ADDRESS", street, "", {"address", "lives", "live", "resides", "street", "addr"}, 0.85},
      {"street_address_capitals", "ADDRESS", street_in_capitals, "", {"address", "addr"}, 0.85, false, false,
       R"(\s(?:STREET|ST|AVENUE|AVE|ROAD|RD|BOULEVARD|BLVD|LANE|LN|DRIVE|COURT|PLACE|TERRACE|CRESCENT|CLOSE|GROVE|)"
       R"(GARDENS|PARADE|MEWS|SQUARE|HIGHWAY)\.?(?:,|\n|\z))"},
      // Streets as continental Europe, Latin America and South-East Asia write them: the kind of street first and the
      // number after the name ("C/ Alcalá 245", "Avenida 5 de Outubro, 124", "Jl. Melati No. 12"; not before more
      // digits or a per cent sign: "via WhatsApp 9555 0147" is a phone, "c/ IVA 23%" a tax), the number first in
      // French ("18 Rue de la Paix", "1200, rue Sainte-Catherine Ouest"), or the kind as the name's ending
      // ("Keizersgracht 214-2", "Hauptstraße 5"; not "-platz": "Parkplatz 12" is a parking space).
      {"street_address_continental", "ADDRESS",
       R"(((?:\bC/|\bVia|\bVIA|\b(?i:calle|avenida|avda\.?|av\.|rua|viale|piazza|piazzale|corso|largo|jl\.|jalan|)"
       R"(ul\.|ulica|aleja|paseo|plaza|carrer|travessa|pra(?:ç|c)a|plac))[ \t]+)"
           R"((?:(?:de\s+la|de|del|da|do|dos|das|di|della)[ \t]+)?)" +
           kPlaceWords + R"(,?\s+(?:(?i:no|n)[.º°]?\s*)?\d{1,4}[a-zA-Z]?(?:/\d{1,4})?\b)"
           R"((?:,\s*\d{1,2}(?:º|°)\s*[A-Z]\b)?|)"
       R"(\b\d{1,5},?\s+(?i:rue|avenue|boulevard|bd|chemin|place|all(?:é|e)e|impasse|quai|cours|route|jalan|jln\.?|)"
       R"(lorong)\s+)"
       R"((?:(?:de\s+la|de\s+l'|de|du|des|d')\s*)?)" +
           kPlaceWords + "|" +
           R"(\b(?:[A-Z]|Ä|Ö|Ü)(?:[a-z]|ä|ö|ü|ß|é)+)"
           R"((?:straße|strasse|str\.|gasse|allee|damm|ufer|weg|gracht|laan|straat|plein|kade|singel|vej|gade|)"
           R"(gatan|vägen|veien|gata)\s+\d{1,4}[a-z]?(?:-\d{1,4})?\b))"
           R"((?:[^\d\s%-]|\s+[^\d\s]|\z))",
       "", {}, 0.85, false, false,
       R"(C/[ \t]|Via[ \t]|VIA[ \t]|(?i:calle|avenida|avda\.?|av\.|rua|viale|piazza(?:le)?|corso|largo|jl\.|jalan|ul\.|)"
       R"(ulica|aleja|paseo|plaza|carrer|travessa|praça|praca|plac)[ \t]|)"
       R"(\d,?\s+(?i:rue|avenue|boulevard|bd|chemin|place|allée|allee|impasse|quai|cours|route|jalan|jln|lorong)[\s.]|)"
       R"((?:straße|strasse|str\.|gasse|allee|damm|ufer|weg|gracht|laan|straat|plein|kade|singel|vej|gade|gatan|)"
       R"(vägen|veien|gata)\s+\d)"},
      {"po_box", "ADDRESS", R"(\bP\.?\s?O\.?\s+Box\s+\d{1,6}\b)", "", {}, 0.85},
      {"zip_after_state", "ZIP", "\\b" + kStates + R"(\.?\s+(\d{5}(?:-\d{4})?)\b)", "", {}, 0.9},
      // Postcodes outside the US, in formats nothing else is written in: British ("HG1 2AB", "SW1A 1AA"), Canadian
      // ("M5V 3L9"), Irish Eircodes with a letter in their last four ("T12 X2Y9", "D02 X285"); each after its town, a
      // comma or a line's start, and not after a ward, bay or bed, whose codes look alike ("Ward B2 2BB", "bay A1 2BB":
      // matched, not reported), nor before an ordinal's letters ("B2 3RD floor").
      {"postcode", "ZIP",
       R"((?i:\b(?:ward|bay|bed|room|floor|level|block|wing|unit|gate|seat|row|zone|section|area|lot|box|flat|apt)\s+))"
       R"((?:[A-Z]{1,2}\d[A-Z\d]?|[A-Z]\d[A-Z]) \d[A-Z\d]{2}|)"
       R"((?:^|\n|,[ \t]*|\b[A-Z][a-z]+[ \t]+|\b[A-Z]{2,}[ \t]+|(?i:post\s*code)\s*:?\s*))"
       R"(((?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) \d(?:[ABD-HJLNP-UW-Z]{2})|)"
       R"([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d|)"
       R"((?:[AC-FHKNPRTV-Y]\d{2}|D6W) (?:[AC-FHKNPRTV-Y][0-9AC-FHKNPRTV-Y]{3}|\d[AC-FHKNPRTV-Y][0-9AC-FHKNPRTV-Y]{2}|)"
       R"(\d{2}[AC-FHKNPRTV-Y][0-9AC-FHKNPRTV-Y]|\d{3}[AC-FHKNPRTV-Y])))"
       R"((?:[^\w]|\z))",
       "postcode", {}, 0.8, false, false, R"([A-Z]\d[A-Z\d]? \d[A-Z\d]{2}|[A-Z]\d[A-Z\d] [0-9A-Z]{4})"},
      // Australian postcodes after a town and its state ("Mona Vale NSW 2103"; not "WhatsApp: WA 0812-3456-7890").
      {"postcode_after_australian_state", "ZIP",
       R"(\b[A-Z][a-z]+,?[ \t]+(?:NSW|VIC|QLD|TAS|ACT|NT|SA|WA)[ \t]+(\d{4})(?:[^\w\s-]|\s+[^\d\s]|\z))", "", {},
       0.9, false, false, R"((?:NSW|VIC|QLD|TAS|ACT|NT|SA|WA)[ \t]+\d{4})"},
      {"zip_cued", "ZIP", R"((?i:\bzip(?:\s*code)?|postal\s+code)\s*[:#]?\s*(\d{5}(?:-\d{4})?)\b)", "", {}, 0.9},
      // A postcode after a word that names one, in the formats of the countries that use those words: "Postcode
      // 3010", "pincode 560034", "CP 44100", "PLZ 10115", "kod pocztowy 30-001", "郵便番号：150-0001", and not before
      // more digits (a phone). "CEP" only in Brazil's format: in Turkish it is a mobile ("Cep: 0532 555 01 23").
      {"postcode_cued", "ZIP",
       R"((?:(?i:\bpost\s*code|\bpin\s*code|\bc\.p\.|\bcp|\bplz|\bcode\s+postal|\bkode\s+pos|)"
       R"(\bkod\s+pocztowy)|郵便番号|〒)(?:\s*[:#：]\s*|\s+)(\d{3}-\d{4}|\d{2}-\d{3}|\d{4,6})(?:[^\w\s-]|\s+[^\d\s]|\z))",
       "", {}, 0.85},
      {"postcode_brazil", "ZIP", R"((?i:\bcep)\s*:?\s*(\d{5}-\d{3})\b)", "", {}, 0.85},
      // A ZIP+4 code on its own; not a drug's NDC code ("NDC 62037-0831-30") or a number after a prescription, lot,
      // order or reference label ("Rx no. 00412-8873": matched, not reported).
      {"zip_plus4", "ZIP",
       R"((?i:\b(?:ndc|rx\s*(?:no|#)\.?|lot|ref|order|invoice|item|sku|part)\s*[:#.]?\s*)\d{5}-\d{4}|)"
       R"(\b(\d{5}-\d{4})(?:[^\d-]|-\D|\z))",
       "", {"zip"}, 0.6},
      {"postcode_singapore", "ZIP", R"(\b(?:Singapore|SINGAPORE)\s+(\d{6})\b)", "", {}, 0.85},
  };
}

}  // namespace

const std::vector<PatternRecognizer>& BuiltinRecognizers() {
  static const std::vector<PatternRecognizer> recognizers = make_recognizers();
  return recognizers;
}

namespace {

// The at most `longest` bytes of `text` before `at`, not starting inside a UTF-8 character.
std::string_view WindowBefore(std::string_view text, std::size_t at, std::size_t longest) {
  std::size_t from = at > longest ? at - longest : 0;
  while (from > 0 && from < at && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
  return text.substr(from, at - from);
}

// The at most `longest` bytes of `text` after `at`, and the rest of a UTF-8 character they cut.
std::string_view WindowAfter(std::string_view text, std::size_t at, std::size_t longest) {
  std::size_t to = std::min(text.size(), at + longest);
  while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
  return text.substr(at, to - at);
}

bool DigitAt(std::string_view text, std::size_t at) { return at < text.size() && text[at] >= '0' && text[at] <= '9'; }

}  // namespace

std::size_t WeekdayBefore(std::string_view text, std::size_t date_start) {
  // Read in UTF-8, so that case folds beyond ASCII ("ŚRODA", "Thứ Hai"). English abbreviations are taken with a capital
  // only ("sat", "sun" and "wed" are words). What may stand between: a dot, a comma, "den", "le", "el", "dia", "the".
  static const RE2 kWeekdayAtEnd(
      R"((?:^|[^\pL\pN])((?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|)" + kForeignWeekday +
          R"(|minggu|ahad|(?:segunda|ter(?:ç|c)a|quarta|quinta|sexta)-feira|s(?:á|a)bado|domingo|jumatatu|jumanne|)"
          R"(jumatano|alhamisi|ijumaa|jumamosi|jumapili|miyerkules|huwebes|biyernes|linggo|poniedzia(?:ł|l)ek|wtorek|)"
          R"((?:ś|s)roda|czwartek|pi(?:ą|a)tek|sobota|niedziela|понедельник|вторник|среда|четверг|пятница|суббота|)"
          R"(воскресенье|m(?:å|a)ndag|tisdag|tirsdag|onsdag|torsdag|fredag|l(?:ö|ø|o)rdag|s(?:ö|ø|o)ndag|)"
          R"(th(?:ứ|u)\s+(?:hai|ba|t(?:ư|u)|n(?:ă|a)m|s(?:á|a)u|b(?:ả|a)y)|ch(?:ủ|u)\s+nh(?:ậ|a)t)|)"
          R"(Mon|Tues?|Weds?|Thu(?:rs?)?|Fri|Sat|Sun|MON|TUES?|WEDS?|THU(?:RS?)?|FRI|SAT|SUN))"
          R"(\.?,?\s+(?:(?i:den|le|el|dia|the)\s+)?$)");
  constexpr std::size_t kLongestLead = 48;  // bytes: the longest weekday and what may follow it, with room
  const std::string_view lead = WindowBefore(text, date_start, kLongestLead);
  const std::size_t from = date_start - lead.size();
  re2::StringPiece weekday;
  if (!RE2::PartialMatch(re2::StringPiece(lead.data(), lead.size()), kWeekdayAtEnd, &weekday)) return date_start;
  const std::size_t weekday_start = from + static_cast<std::size_t>(weekday.data() - lead.data());
  // Where the window's start cut a longer word ("GoodFriday"), the weekday is only that word's end.
  if (weekday_start == from && from > 0) {
    const auto before = static_cast<unsigned char>(text[from - 1]);
    if (before >= 0x80 || std::isalnum(before)) return date_start;
  }
  return weekday_start;
}

namespace {

// The number of the one or two digits at `text[at]` (not three or more), or -1.
int NumberAt(std::string_view text, std::size_t at) {
  if (!DigitAt(text, at)) return -1;
  if (!DigitAt(text, at + 1)) return text[at] - '0';
  return DigitAt(text, at + 2) ? -1 : (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// The day of the month written as the one or two digits at `text[at]`, not as part of a day and month ("13/11", "9.4",
// "3-4"), or -1.
int DayAt(std::string_view text, std::size_t at) {
  const int day = NumberAt(text, at);
  const std::size_t past = at + (day >= 10 || (day >= 0 && text[at] == '0') ? 2 : 1);
  if (day < 1 || day > 31 || (past < text.size() && text[past] == '/')) return -1;
  const bool joined = past < text.size() && (text[past] == '.' || text[past] == '-') && DigitAt(text, past + 1);
  return joined ? -1 : day;
}

// The day that ends a date at `end`, with its ordinal suffix if any ("Dec 9", "December 9th"): one or two digits after
// a space, or -1 ("14NOV24", "Tue 11/06" end with no day).
int DayEndingAt(std::string_view text, std::size_t end) {
  std::size_t last = end;
  if (last >= 2) {
    std::string suffix{text.substr(last - 2, 2)};
    for (char& c : suffix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") last -= 2;
  }
  std::size_t first = last;
  while (first > 0 && last - first < 3 && DigitAt(text, first - 1)) --first;
  if (first == last || last - first > 2 || first == 0 || !std::isspace(static_cast<unsigned char>(text[first - 1]))) {
    return -1;
  }
  const int day = NumberAt(text, first);
  return day >= 1 && day <= 31 ? day : -1;
}

// Whether a date's text holds a word of three letters or more (a month's name, in Latin, Greek, Cyrillic, Arabic or
// Devanagari letters), not only digits, punctuation and arrows.
bool NamesItsMonth(std::string_view date) {
  int run = 0;
  for (std::size_t i = 0; i < date.size();) {
    const auto byte = static_cast<unsigned char>(date[i]);
    std::uint32_t code_point = byte;
    std::size_t length = 1;
    if (byte >= 0xC0 && byte < 0xE0 && i + 1 < date.size()) {
      code_point = (byte & 0x1Fu) << 6 | (static_cast<unsigned char>(date[i + 1]) & 0x3Fu);
      length = 2;
    } else if (byte >= 0xE0 && byte < 0xF0 && i + 2 < date.size()) {
      code_point = (byte & 0x0Fu) << 12 | (static_cast<unsigned char>(date[i + 1]) & 0x3Fu) << 6 |
                   (static_cast<unsigned char>(date[i + 2]) & 0x3Fu);
      length = 3;
    }
    const bool letter = std::isalpha(static_cast<int>(code_point < 0x80 ? code_point : 0)) ||
                        (code_point >= 0xC0 && code_point <= 0x24F && code_point != 0xD7 && code_point != 0xF7) ||
                        (code_point >= 0x370 && code_point <= 0x52F) || (code_point >= 0x600 && code_point <= 0x6FF) ||
                        (code_point >= 0x900 && code_point <= 0x97F);
    run = letter ? run + 1 : 0;
    if (run >= 3) return true;
    i += length;
  }
  return false;
}

}  // namespace

std::size_t RangeDayBefore(std::string_view text, std::size_t date_start, std::size_t date_end) {
  const int last_day = DayAt(text, date_start);
  if (last_day < 0 || !NamesItsMonth(text.substr(date_start, date_end - date_start))) return date_start;
  // The first day, a dash, "&" or a word for "to" or "and" in the languages of the month names, and "the". A day with
  // an ordinal suffix or a dot ("9th-", "9. bis") may stand anywhere, and so may a bare one before a dash that touches
  // it or a word for "to" ("Annual leave 9-12 December", "Conference 9 to 12 December"). Before a spaced dash, "&" or
  // "and", a bare day only where a range opens: at the start, after a bracket or punctuation and a space, or after
  // "from", "between", "on" and their likes ("Page 2 - 12 December", "Issue 7 – 12 December" are no ranges).
  static const std::string kAnyJoin =
      R"((?:-|–|—|&|\s(?i:to|and|till|until|through|thru|al|a|y|au|et|bis|und|e|i|do|tot|og|och|до|и)\s))";
  static const RE2 kFirstDayAtEnd(
      R"((?:(?:^|[^\pL\pN.,/:])((?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|ST|ND|RD|TH|er|e|º|\.))\s*)" + kAnyJoin +
      R"(|(?:^|[^\pL\pN.,/:])((?:[12]\d|3[01]|0?[1-9])))"
      R"((?:-|–|—|\s+(?i:to|till|until|through|thru|al|au|bis|do|tot|до)\s)|)"
      R"((?:^|[(\[]|[,;:]\s+|(?:-|–|—)\s+|(?i:\b(?:from|between|on|del|dal|du|vom|von|od|entre|de|van|tra|fra|the|el|)"
      R"(le|il|am)\s+))((?:[12]\d|3[01]|0?[1-9]))\s*)" + kAnyJoin +
      R"()\s*(?:(?i:the)\s+)?$)");
  constexpr std::size_t kLongestLead = 32;
  const std::string_view lead = WindowBefore(text, date_start, kLongestLead);
  const std::size_t from = date_start - lead.size();
  re2::StringPiece suffixed, before_dash_or_to, after_opener;
  if (!RE2::PartialMatch(re2::StringPiece(lead.data(), lead.size()), kFirstDayAtEnd, &suffixed, &before_dash_or_to,
                         &after_opener)) {
    return date_start;
  }
  const re2::StringPiece& first_day = suffixed.data() != nullptr            ? suffixed
                                      : before_dash_or_to.data() != nullptr ? before_dash_or_to
                                                                            : after_opener;
  const std::size_t first_start = from + static_cast<std::size_t>(first_day.data() - lead.data());
  if (first_start == from && from > 0) return date_start;  // the window cut what stands before it
  const int first = NumberAt(text, first_start);
  return first >= 1 && first < last_day ? first_start : date_start;
}

std::size_t RangeDayAfter(std::string_view text, std::size_t date_start, std::size_t date_end) {
  const int first_day = DayEndingAt(text, date_end);
  if (first_day < 0 || !NamesItsMonth(text.substr(date_start, date_end - date_start))) return date_end;
  // A dash right after the day and the last day, then anything but a letter, a digit or a clock's ":" or "." ("Dec 9-12
  // in Lisbon"); or a spaced dash, "&" or a word for "to" or "and" and the last day, then a year, punctuation or the
  // end ("June 3 to 5 days later", "June 3 - 5 days", "June 3 and 5 others", "Dec 9 - 10:30" are no ranges).
  static const RE2 kLastDay(
      R"(^((?:-|–|—)((?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)?)(?:,?\s+(?:19|20)\d{2}\b)?)"
      R"((?:[^\pL\pN:.]|\.(?:[^\pN]|$)|$)|)"
      R"((?:\s+(?:-|–|—)\s+|\s*&\s*|\s+(?i:to|through|thru|until|till|and)\s+))"
      R"(((?:[12]\d|3[01]|0?[1-9])(?i:st|nd|rd|th)?)(?:,?\s+(?:19|20)\d{2}\b|[.,;:!?)](?:[^\pN]|$)|\n|$)))");
  constexpr std::size_t kLongestTail = 32;
  const std::string_view tail = WindowAfter(text, date_end, kLongestTail);
  re2::StringPiece whole, after_dash, after_word;
  if (!RE2::PartialMatch(re2::StringPiece(tail.data(), tail.size()), kLastDay, &whole, &after_dash, &after_word)) {
    return date_end;
  }
  // A match that needs the window's end to be the text's is not one when the text goes on.
  if (whole.size() == tail.size() && date_end + tail.size() < text.size()) return date_end;
  const re2::StringPiece& last = after_dash.data() != nullptr ? after_dash : after_word;
  const std::size_t last_start = date_end + static_cast<std::size_t>(last.data() - tail.data());
  if (DayAt(text, last_start) <= first_day) return date_end;
  // The year after the last day belongs to the range too.
  static const RE2 kYearAfter(R"(,?\s+(?:19|20)\d{2}\b)");
  std::size_t end = last_start + last.size();
  re2::StringPiece rest(text.data() + end, text.size() - end);
  if (RE2::Consume(&rest, kYearAfter)) end = static_cast<std::size_t>(rest.data() - text.data());
  return end;
}

Locality LocalityAfter(std::string_view text, std::size_t address_end) {
  // One or two places after commas (1-3 capitalised words each, or words in capitals), a state or province maybe, and
  // then what closes an address line: a postcode, the line's or the text's end, a closing quote, bracket or full stop.
  static const RE2 kLocality(
      R"(^((?:,[ \t]*(?:[A-Z][a-z]+|[A-Z]{3,})(?:[ -](?:[A-Z][a-z]+|[A-Z]{3,})){0,2}){1,2}(?:[ \t]+\d{1,2}\b)?)"
      R"((?:,?[ \t]+(?:)" + kStates + "|" + kAustralianAndCanadianStates + R"()\b)?))"
      R"(([ \t]*(?:$|\n|"|[.;)](?:\s|$)|,?[ \t]+(?:(\d{4,6})\b|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b|)"
      R"([A-Z]\d[A-Z] ?\d[A-Z]\d\b|[A-Z]\d{2} [0-9A-Z]{4}\b))))");
  constexpr std::size_t kLongestLocality = 96;
  const Locality none{address_end, 0, 0};
  const std::string_view tail = WindowAfter(text, address_end, kLongestLocality);
  // Continental Europe writes the postcode before the town (", 28028 Madrid", ", 1017 AB Amsterdam", ", 1100-053
  // Lisboa"): the postcode is read, and the street ends where it is.
  static const RE2 kPostcodeFirst(R"(^,[ \t]*(\d{5}|\d{4}(?: ?[A-Z]{2}|-\d{3})?|\d{2}-\d{3})[ \t]+\p{Lu})");
  re2::StringPiece postcode;
  if (RE2::PartialMatch(re2::StringPiece(tail.data(), tail.size()), kPostcodeFirst, &postcode)) {
    const std::size_t start = address_end + static_cast<std::size_t>(postcode.data() - tail.data());
    return {address_end, start, start + postcode.size()};
  }
  re2::StringPiece locality, closer, digits;
  if (!RE2::PartialMatch(re2::StringPiece(tail.data(), tail.size()), kLocality, &locality, &closer, &digits)) {
    return none;
  }
  // A match that needs the window's end to be the text's is not one when the text goes on.
  const bool at_window_end = closer.data() + closer.size() == tail.data() + tail.size();
  if (at_window_end && address_end + tail.size() < text.size()) return none;
  // A day, a month or a title after the comma starts a sentence or a name, not a place ("12 Main St, Monday at 3",
  // "4 Oak Rd, Dr Ames").
  static const RE2 kNotAPlace(
      R"(\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|)"
      R"(August|September|October|November|December|Dr|Mr|Mrs|Ms|Miss|Prof|Patient|Phone|Tel|Mobile|Email|DOB|TEL|)"
      R"(PHONE|ACCOUNT|DR|MR|MRS|MS)\b)");
  if (RE2::PartialMatch(locality, kNotAPlace)) return none;
  Locality found{address_end + locality.size(), 0, 0};
  if (digits.data() != nullptr) {
    found.postcode_start = address_end + static_cast<std::size_t>(digits.data() - tail.data());
    found.postcode_end = found.postcode_start + digits.size();
  }
  return found;
}

namespace {

// A day and a month written "d/m" (or "m/d") that ValidDayMonth accepts and that is no eye test ("6/9", "6/6").
struct DayMonth {
  std::size_t start, slash, end;
  int first, second;
  bool padded_second;  // written with a leading zero ("21/05")
  // Whether the second number may be a month of a day/month series: UK notes write days as "/7" and months as "/12"
  // ("Abx 10/7, review 21/7"), so those count only with a leading zero.
  bool second_may_be_month() const { return second <= 12 && (padded_second || (second != 7 && second != 12)); }
};

// Every such "d/m" of `text` that is not part of a longer number, a path, a flat number or a decimal ("1/2/3",
// "src/12/14", "12/3A", "14/05.5"), in order.
std::vector<DayMonth> DayMonths(std::string_view text) {
  auto digit = [&](std::size_t at) { return DigitAt(text, at); };
  auto letter = [&](std::size_t at) { return at < text.size() && std::isalpha(static_cast<unsigned char>(text[at])); };
  auto number = [&](std::size_t from, std::size_t to) {
    int value = 0;
    for (std::size_t at = from; at < to; ++at) value = value * 10 + (text[at] - '0');
    return value;
  };
  std::vector<DayMonth> all;
  for (std::size_t slash = text.find('/'); slash != std::string_view::npos; slash = text.find('/', slash + 1)) {
    std::size_t start = slash, end = slash + 1;
    while (start > 0 && slash - start < 2 && digit(start - 1)) --start;
    while (end - slash - 1 < 2 && digit(end)) ++end;
    if (start == slash || end == slash + 1 || digit(end) || letter(end)) continue;
    if (end < text.size() && (text[end] == '/' || (text[end] == '.' && digit(end + 1)))) continue;
    if (start > 0 && (digit(start - 1) || letter(start - 1) || static_cast<unsigned char>(text[start - 1]) >= 0x80 ||
                      std::string_view("/.,-:").find(text[start - 1]) != std::string_view::npos)) {
      continue;
    }
    const int first = number(start, slash), second = number(slash + 1, end);
    const bool eye_test = first == 6 && second % 3 == 0;
    if (!eye_test && ValidDayMonth(text.substr(start, end - start))) {
      all.push_back({start, slash, end, first, second, text[slash + 1] == '0'});
    }
  }
  return all;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> DayMonthSeries(std::string_view text) {
  const std::vector<DayMonth> all = DayMonths(text);
  // Per month, read first (month/day) or second (day/month): whether two different days have it, and whether one of
  // them cannot be a score, odds or a time signature ("8/9 -> 9/9", "7/4, 9/4", "6/8, 9/8"): a day above 12, or the
  // month written with a leading zero.
  struct Month {
    int day = -1;
    bool two_days = false;
    bool unlike_a_score = false;
  };
  std::array<Month, 13> month_first{}, month_second{};
  auto add = [](Month& month, int day, bool unlike_a_score) {
    month.two_days |= month.day >= 0 && month.day != day;
    month.day = day;
    month.unlike_a_score |= unlike_a_score;
  };
  for (const DayMonth& d : all) {
    if (d.first <= 12) {
      add(month_first[static_cast<std::size_t>(d.first)], d.second, d.second > 12 || text[d.start] == '0');
    }
    if (d.second_may_be_month()) {
      add(month_second[static_cast<std::size_t>(d.second)], d.first, d.first > 12 || d.padded_second);
    }
  }
  auto in_series = [](const Month& month) { return month.two_days && month.unlike_a_score; };
  std::vector<std::pair<std::size_t, std::size_t>> series;
  for (const DayMonth& d : all) {
    if ((d.first <= 12 && in_series(month_first[static_cast<std::size_t>(d.first)])) ||
        (d.second_may_be_month() && in_series(month_second[static_cast<std::size_t>(d.second)]))) {
      series.emplace_back(d.start, d.end);
    }
  }
  // Odds are written so ("Odds: Red Rum 9/2, Aldaniti 11/2, Corbiere 13/2"): a series with a word of betting shortly
  // before it is none.
  static const RE2 kBetting(R"((?i)\b(?:odds|betting|bookies?|bookmakers?|punters?|each[ -]way|e/w)\b)");
  constexpr std::size_t kBettingLead = 80;
  if (!series.empty()) {
    const std::size_t from = series.front().first > kBettingLead ? series.front().first - kBettingLead : 0;
    const re2::StringPiece lead(text.data() + from, series.front().first - from);
    if (RE2::PartialMatch(lead, kBetting)) series.clear();
  }
  return series;
}

std::vector<std::pair<std::size_t, std::size_t>> DayMonthsEndingAClause(std::string_view text) {
  // Words before a count, a score, a reading, a place or a span of time written so ("Apgar 8/9", "grade 6/2", "TA
  // 11/7", "flat 4/2", "for 12/12", "max 6/24", "review 10/7").
  static const std::set<std::string, std::less<>> kNotADateAfter = {
      "apgar", "hla", "va", "acuity", "grade", "gl", "ta", "tansiyon", "bp", "lot", "flat", "unit", "apt", "room",
      "rm", "bay", "bed", "gcs", "power", "quads", "score", "pain", "x", "page", "p", "refill", "repeats", "cycle",
      "stage", "series", "image", "slot", "floor", "no", "nr", "n°", "nº", "ward", "level", "balance", "review",
      "rv", "max", "stop-bang", "for", "in", "over", "within", "every", "ratio", "odds", "rated", "sitting", "dose",
      "doses", "tab", "tabs", "v", "vs", "versus", "won", "lost", "drew", "shot", "shots", "made", "went", "beat",
      "set", "sets", "pa", "signature", "aspect", "format", "linie", "line", "bus", "route", "=", "passed", "scored",
      "result", "fraction", "exposure"};
  std::vector<std::pair<std::size_t, std::size_t>> found;
  for (const DayMonth& d : DayMonths(text)) {
    // Halves, quarters, eighths and sixteenths are fractions, odds and time signatures ("Sugar 3/8.", "Red Rum 9/4,",
    // "signature 6/8."), unless the month has its zero ("12/04"); "24/7" is around the clock.
    const bool binary_fraction = !d.padded_second && (d.second == 2 || d.second == 4 || d.second == 8 ||
                                                      d.second == 16);
    // And like DayMonthSeries, only one that cannot be a score: a number above 12 or a month with its zero ("2/11" is
    // as often a score, "attendance 9/11.", "Chapter 11/12").
    const bool unlike_a_score = d.first > 12 || d.second > 12 || d.padded_second || text[d.start] == '0';
    if (binary_fraction || !unlike_a_score || (d.first == 24 && d.second == 7)) continue;
    std::size_t after = d.end;
    while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
    const std::string_view rest = text.substr(after);
    const bool clause_ends = rest.empty() || std::string_view(".,;:!?)\n").find(rest[0]) != std::string_view::npos ||
                             rest.starts_with("—") || rest.starts_with("–") || rest.starts_with("→");
    if (!clause_ends) continue;
    std::size_t word_end = d.start;
    while (word_end > 0 && text[word_end - 1] == ' ') --word_end;
    std::size_t word_start = word_end;
    constexpr std::size_t kLongestWord = 32;  // the words below are short; a longer run is none of them
    while (word_start > 0 && word_end - word_start <= kLongestWord && text[word_start - 1] != ' ' &&
           text[word_start - 1] != '\n') {
      --word_start;
    }
    constexpr std::string_view kPunctuation = ".:#()[]\"'";
    while (word_end > word_start && kPunctuation.find(text[word_end - 1]) != std::string_view::npos) --word_end;
    while (word_start < word_end && kPunctuation.find(text[word_start]) != std::string_view::npos) ++word_start;
    std::string word(text.substr(word_start, word_end - word_start));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (kNotADateAfter.count(word) != 0) continue;
    found.emplace_back(d.start, d.end);
  }
  return found;
}

const std::vector<std::string>& NameContextWords() {
  static const std::vector<std::string> words{
      "dr", "mr", "mrs", "ms", "patient", "pt", "signed by", "seen by", "name", "dear", "hi", "hello",
      "regards", "thanks", "contact", "attending", "nurse", "husband", "wife", "son", "daughter", "mother",
      "father", "spoke with", "customer", "caller", "user", "member", "guardian", "referred by", "cc:"};
  return words;
}

}  // namespace leakgate::scrub
