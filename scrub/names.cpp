#include "scrub/names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <utf8proc.h>

namespace leakgate::scrub {
namespace {

// Frequent US given names (lower case). Names that are also ordinary English words ("will", "may",
// "rose") are in kAmbiguousFirstNames instead and only count when followed by a known surname.
constexpr std::string_view kFirstNames[] = {
    "aaron", "abigail", "adam", "adrian", "ahmed", "aisha", "alan", "albert", "alejandro", "alex",
    "alexander", "alexandra", "alexis", "alice", "alicia", "alison", "allison", "alyssa", "amanda", "amber",
    "amelia", "amy", "ana", "andrea", "andrew", "angela", "anita", "ann", "anna", "anne",
    "anthony", "antonio", "arthur", "ashley", "austin", "barbara", "benjamin", "beth", "betty", "beverly",
    "billy", "bobby", "bradley", "brandon", "brenda", "brian", "brittany", "bruce", "bryan", "caleb",
    "cameron", "carl", "carlos", "carmen", "carol", "caroline", "carolyn", "catherine", "charles", "charlotte",
    "cheryl", "chloe", "christian", "christina", "christine", "christopher", "cindy", "claire", "clara", "craig",
    "cynthia", "daniel", "danielle", "david", "deborah", "debra", "denise", "dennis", "derek", "diana",
    "diane", "diego", "donald", "donna", "doris", "dorothy", "douglas", "dylan", "edward", "elena",
    "elijah", "elizabeth", "ella", "emily", "emma", "eric", "ethan", "eugene", "evelyn", "fatima",
    "fernando", "frances", "gabriel", "gary", "george", "gerald", "gloria", "gregory", "hannah", "harold",
    "heather", "helen", "henry", "isabella", "jacob", "jacqueline", "james", "janet", "janice", "jason",
    "javier", "jean", "jeffrey", "jennifer", "jeremy", "jerry", "jessica", "joan", "joe", "john",
    "johnny", "jonathan", "jorge", "jose", "joseph", "joshua", "joyce", "juan", "judith", "judy",
    "julia", "julie", "justin", "karen", "katherine", "kathleen", "kathryn", "kayla", "keith", "kelly",
    "kenneth", "kevin", "kimberly", "kyle", "larry", "laura", "lauren", "linda", "lisa", "logan",
    "lori", "louis", "lucas", "luis", "madison", "manuel", "margaret", "maria", "marie", "marilyn",
    "martha", "mary", "matthew", "megan", "melissa", "michael", "michelle", "miguel", "mohammed", "muhammad",
    "nancy", "natalie", "nathan", "nicholas", "nicole", "noah", "olivia", "pamela", "patricia", "patrick",
    "paul", "peter", "philip", "priya", "rachel", "ralph", "randy", "raymond", "rebecca", "richard",
    "robert", "roger", "ronald", "roy", "russell", "ruth", "ryan", "samantha", "samuel", "sandra",
    "sara", "sarah", "scott", "sean", "sharon", "shirley", "sophia", "stephanie", "stephen", "steven",
    "susan", "teresa", "theresa", "thomas", "timothy", "tyler", "victoria", "vincent", "virginia", "walter",
    "wayne", "william", "zachary", "aiden", "anjali", "arjun", "chen", "diya", "hiroshi", "jamal",
    "keisha", "latoya", "mei", "omar", "rahul", "ravi", "wei", "yuki", "ingrid", "lars",
    "sven", "hans", "klaus", "pierre", "francois", "giulia", "marco", "luca", "sofia", "mateo",
    "valentina", "camila", "lucia", "pablo", "rosa", "irina", "olga", "dmitri", "sergei", "nikolai",
    "kwame", "amara", "chidi", "ngozi", "tariq", "layla", "yusuf", "zainab", "leila", "hassan",
    "brittney", "courtney", "dustin", "travis", "marcus", "tanya", "monica", "erin", "kristen", "shannon",
    "tracy", "wendy", "vanessa", "veronica", "valerie", "tiffany", "rita", "regina", "paula", "norma",
    "lillian", "jill", "holly", "gail", "erica", "elaine", "edith", "connie", "colleen", "brooke",
    "bonnie", "audrey", "theodore", "oscar", "leonard", "howard", "harry", "glenn", "gordon",
    "fred", "francis", "earl", "duane", "curtis", "clarence", "chad", "bruno", "alfred", "rodney",
};

constexpr std::string_view kAmbiguousFirstNames[] = {
    "will", "may", "june", "april", "august", "grace", "hope", "faith", "joy", "mark", "bill", "rose",
    "ray", "dawn", "art", "jack", "guy", "frank", "lee", "gene", "dean", "chase", "hunter", "summer",
    "autumn", "iris", "ivy", "lily", "pat", "sue", "don", "ron", "tim", "tom", "dick",
    "bob", "rob", "jim", "ken", "max", "ben", "sam", "dan", "kim", "ali", "ivan", "victor",
};

// Frequent US surnames (lower case).
constexpr std::string_view kSurnames[] = {
    "smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez",
    "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin",
    "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson",
    "walker", "young", "allen", "king", "wright", "scott", "torres", "nguyen", "hill", "flores",
    "green", "adams", "nelson", "baker", "hall", "rivera", "campbell", "mitchell", "carter", "roberts",
    "gomez", "phillips", "evans", "turner", "diaz", "parker", "cruz", "edwards", "collins", "reyes",
    "stewart", "morris", "morales", "murphy", "cook", "rogers", "gutierrez", "ortiz", "morgan", "cooper",
    "peterson", "bailey", "reed", "kelly", "howard", "ramos", "kim", "cox", "ward", "richardson",
    "watson", "brooks", "chavez", "wood", "james", "bennett", "gray", "mendoza", "ruiz", "hughes",
    "price", "alvarez", "castillo", "sanders", "patel", "myers", "long", "ross", "foster", "jimenez",
    "powell", "jenkins", "perry", "russell", "sullivan", "bell", "coleman", "butler", "henderson", "barnes",
    "gonzales", "fisher", "vasquez", "simmons", "romero", "jordan", "patterson", "alexander", "hamilton", "graham",
    "reynolds", "griffin", "wallace", "moreno", "west", "cole", "hayes", "bryant", "herrera", "gibson",
    "ellis", "tran", "medina", "aguilar", "stevens", "murray", "ford", "castro", "marshall", "owens",
    "harrison", "fernandez", "mcdonald", "woods", "washington", "kennedy", "wells", "vargas", "henry", "chen",
    "freeman", "webb", "tucker", "guzman", "burns", "crawford", "olson", "simpson", "porter", "hunter",
    "gordon", "mendez", "silva", "shaw", "snyder", "mason", "dixon", "munoz", "hunt", "hicks",
    "holmes", "palmer", "wagner", "black", "robertson", "boyd", "rose", "stone", "salazar", "fox",
    "warren", "mills", "meyer", "rice", "schmidt", "garza", "daniels", "ferguson", "nichols", "stephens",
    "soto", "weaver", "ryan", "gardner", "payne", "grant", "dunn", "kelley", "spencer", "hawkins",
    "arnold", "pierce", "vazquez", "hansen", "peters", "santos", "hart", "bradley", "knight", "elliott",
    "cunningham", "duncan", "armstrong", "hudson", "carroll", "lane", "riley", "andrews", "alvarado", "ray",
    "delgado", "berry", "perkins", "hoffman", "johnston", "matthews", "pena", "richards", "contreras", "willis",
    "carpenter", "lawrence", "sandoval", "guerrero", "george", "chapman", "rios", "estrada", "ortega", "watkins",
    "greene", "nunez", "wheeler", "valdez", "harper", "burke", "larson", "santiago", "maldonado", "morrison",
    "franklin", "carlson", "austin", "dominguez", "carr", "lawson", "jacobs", "obrien", "o'brien", "lynch",
    "singh", "vega", "bishop", "montgomery", "oliver", "jensen", "harvey", "williamson", "gilbert", "dean",
    "sims", "espinoza", "howell", "li", "wong", "reid", "hanson", "le", "mccoy", "garrett",
    "burton", "fuller", "wang", "weber", "welch", "rojas", "lucas", "marquez", "fields", "park",
    "yang", "little", "banks", "padilla", "day", "walsh", "bowman", "schultz", "luna", "fowler",
    "mejia", "davidson", "acosta", "brewer", "may", "holland", "juarez", "newman", "pearson", "curtis",
    "cortez", "douglas", "schneider", "joseph", "barrett", "navarro", "figueroa", "keller", "avila", "wade",
    "molina", "stanley", "hopkins", "campos", "barnett", "bates", "chambers", "caldwell", "beck", "lambert",
    "miranda", "byrd", "craig", "ayala", "lowe", "frazier", "powers", "neal", "leonard", "gregory",
    "carrillo", "sutton", "fleming", "rhodes", "shelton", "schwartz", "norris", "jennings", "watts", "duran",
    "walters", "cohen", "mcdaniel", "moran", "parks", "steele", "vaughn", "becker", "holt", "deleon",
    "barker", "terry", "hale", "leon", "hail", "benson", "haynes", "horton", "miles", "lyons",
    "pham", "graves", "bush", "thornton", "wolfe", "warner", "cabrera", "mckinney", "mann", "zimmerman",
    "dawson", "lara", "fletcher", "page", "mccarthy", "love", "robles", "cervantes", "solis", "erickson",
    "reeves", "chang", "klein", "salinas", "fuentes", "baldwin", "daniel", "simon", "velasquez", "hardy",
    "higgins", "aguirre", "lin", "cummings", "chandler", "sharp", "barber", "bowen", "ochoa", "dennis",
    "robbins", "liu", "ramsey", "francis", "griffith", "paul", "blair", "oconnor", "cardenas", "pacheco",
    "cross", "calderon", "quinn", "moss", "swanson", "chan", "rivas", "khan", "rodgers", "serrano",
    "fitzgerald", "rosales", "stevenson", "christensen", "manning", "gill", "curry", "mclaughlin", "harmon", "mcgee",
    "gross", "doyle", "garner", "newton", "burgess", "reese", "walton", "blake", "trujillo", "adkins",
    "brady", "goodman", "roman", "webster", "goodwin", "fischer", "huang", "potter", "delacruz", "montoya",
    "todd", "wu", "hines", "mullins", "castaneda", "malone", "cannon", "tate", "mack", "sherman",
    "hubbard", "hodges", "zhang", "guerra", "wolf", "valencia", "saunders", "franco", "rowe", "gallagher",
    "farmer", "hammond", "hampton", "townsend", "ingram", "wise", "gallegos", "clarke", "barton", "schroeder",
    "maxwell", "waters", "logan", "camacho", "strickland", "norman", "person", "colon", "parsons", "frank",
    "harrington", "glover", "osborne", "buchanan", "casey", "floyd", "patton", "ibarra", "ball", "tyler",
    "suarez", "bowers", "orozco", "salas", "cobb", "gibbs", "andrade", "bauer", "conner", "moody",
    "escobar", "mcguire", "lloyd", "mueller", "hartman", "french", "kramer", "mcbride", "pope", "lindsey",
    "velazquez", "norton", "mccormick", "sparks", "flynn", "yates", "hogan", "marsh", "macias", "villanueva",
    "zamora", "pratt", "stokes", "owen", "ballard", "lang", "brock", "villarreal", "charles", "drake",
    "barrera", "cain", "patrick", "pineda", "burnett", "mercado", "santana", "shepherd", "bautista", "ali",
    "shaffer", "lamb", "trevino", "mckenzie", "hess", "beil", "olsen", "cochran", "morton", "nash",
    "wilkins", "petersen", "briggs", "shah", "roth", "nicholson", "holloway", "lozano", "rangel", "flowers",
    "hoover", "short", "arias", "mora", "valenzuela", "bryan", "meyers", "weiss", "underwood", "bass",
    "greer", "summers", "houston", "carson", "morrow", "clayton", "whitaker", "decker", "yoder", "collier",
    "zuniga", "carey", "wilcox", "melendez", "poole", "roberson", "larsen", "conley", "davenport", "copeland",
    "massey", "lam", "huff", "rocha", "cameron", "jefferson", "hood", "monroe", "anthony", "pittman",
    "huynh", "randall", "singleton", "kirk", "combs", "mathis", "christian", "skinner", "bradford", "richard",
    "galvan", "wall", "boone", "kirby", "wilkinson", "bridges", "bruce", "atkinson", "velez", "meza",
    "roy", "vincent", "york", "hodge", "villa", "abbott", "allison", "tapia", "gates", "chase",
    "sosa", "sweeney", "farrell", "wyatt", "dalton", "horn", "barron", "phelps", "yu", "dickerson",
    "heath", "foley", "atkins", "mathews", "bonilla", "acevedo", "benitez", "zavala", "hensley", "glenn",
    "cisneros", "harrell", "shields", "rubio", "huffman", "choi", "boyer", "garrison", "arroyo", "bond",
    "kane", "hancock", "callahan", "dillon", "cline", "wiggins", "grimes", "arellano", "melton", "oneill",
    "savage", "ho", "beltran", "pitts", "parrish", "ponce", "rich", "booth", "koch", "golden",
    "ware", "brennan", "mcdowell", "marks", "cantu", "humphrey", "baxter", "sawyer", "clay", "tanner",
    "hutchinson", "kaur", "berg", "wiley", "gilmore", "russo", "villegas", "hobbs", "keith", "wilkerson",
    "ahmed", "beard", "mcclain", "montes", "mata", "rosario", "vang", "walter", "henson", "oneal",
    "mosley", "mcclure", "beasley", "stephenson", "snow", "huerta", "preston", "vance", "barry", "johns",
    "eaton", "blackwell", "dyer", "prince", "macdonald", "solomon", "guevara", "stafford", "english", "hurst",
    "woodard", "cortes", "shannon", "kemp", "nolan", "mccullough", "merritt", "murillo", "moon", "salgado",
    "strong", "kline", "cordova", "barajas", "roach", "rosas", "winters", "jacobson", "lester", "knox",
    "bullock", "kerr", "leach", "meadows", "davila", "orr", "whitehead", "pruitt", "kent", "conway",
    "mckee", "barr", "david", "dejesus", "marin", "berger", "mcintyre", "blankenship", "gaines", "palacios",
    "cuevas", "bartlett", "durham", "dorsey", "mccall", "odonnell", "stein", "browning", "stout", "lowery",
    "sloan", "mclean", "hendricks", "calhoun", "sexton", "chung", "gentry", "hull", "duarte", "ellison",
    "nielsen", "gillespie", "buck", "middleton", "sellers", "leblanc", "esparza", "hardin", "bradshaw", "mcintosh",
    "howe", "livingston", "frost", "glass", "morse", "knapp", "herman", "stark", "bravo", "noble",
    "spears", "weeks", "corona", "frederick", "buckley", "mcfarland", "hebert", "enriquez", "hickman", "quintero",
    "randolph", "schaefer", "walls", "trejo", "house", "reilly", "pennington", "michael", "conrad", "giles",
    "benjamin", "crosby", "fitzpatrick", "donovan", "mays", "mahoney", "valentine", "raymond", "medrano", "hahn",
    "mcmillan", "small", "bentley", "felix", "peck", "lucero", "boyle", "hanna", "pace", "rush",
    "hurley", "harding", "mcconnell", "bernal", "nava", "ayers", "everett", "ventura", "avery", "pugh",
    "mayer", "bender", "shepard", "mcmahon", "landry", "case", "sampson", "moses", "magana", "blackburn",
    "dunlap", "gould", "duffy", "vaughan", "herring", "mckay", "espinosa", "rivers", "farley", "bernard",
    "ashley", "friedman", "potts", "truong", "costa", "correa", "blevins", "nixon", "clements", "fry",
    "delarosa", "best", "benton", "lugo", "portillo", "dougherty", "crane", "haley", "phan", "villalobos",
    "blanchard", "horne", "finley", "quintana", "lynn", "esquivel", "bean", "dodson", "mullen", "xiong",
    "hayden", "cano", "levy", "huber", "richmond", "moyer", "lim", "frye", "sheppard", "mccarty",
    "avalos", "booker", "waller", "parra", "woodward", "jaramillo", "krueger", "rasmussen", "brandt", "peralta",
    "donaldson", "stuart", "faulkner", "maynard", "galindo", "coffey", "estes", "sanford", "burch", "maddox",
    "vo", "oconnell", "vu", "andersen", "spence", "mcpherson", "church", "schmitt", "stanton", "leal",
    "cherry", "compton", "dudley", "sierra", "pollard", "alfaro", "hester", "proctor", "lu", "hinton",
    "novak", "good", "madden", "mccann", "terrell", "jarvis", "dickson", "reyna", "cantrell", "mayo",
    "branch", "hendrix", "rollins", "rowland", "whitney", "duke", "odom", "daugherty", "travis", "tang",
    "muller", "okafor", "adeyemi", "mensah", "kowalski", "novakova", "rossi", "bianchi", "dubois", "moreau",
    "schulz", "tanaka", "suzuki", "sato", "watanabe", "nakamura", "kobayashi", "yamamoto",
    "gupta", "sharma", "kumar", "reddy", "iyer", "nair", "das", "mehta", "joshi", "rao",
    "ivanov", "petrov", "smirnov", "popescu", "nowak", "jansen", "dejong", "andersson", "johansson", "nilsson",
    "haddad", "nasser", "karimi", "hosseini", "yilmaz", "kaya", "demir", "abubakar", "okonkwo", "eze",
};

// Capitalised words that often follow a first name but are not surnames (sentence and title words).
constexpr std::string_view kNotSurnames[] = {
    "the", "and", "but", "or", "is", "was", "are", "were", "has", "had", "have", "said", "says",
    "street", "avenue", "road", "hospital", "clinic", "university", "college", "school", "county", "center",
    "medical", "health", "i", "a", "an", "in", "on", "at", "to", "of", "for", "with", "from", "by",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december", "md",
    "rn", "phd", "jr", "sr", "ii", "iii", "dr", "mr", "mrs", "ms", "if", "when", "then", "so", "we",
    "you", "he", "she", "it", "they", "this", "that", "my", "your", "his", "her", "our", "their",
    "thanks", "thank", "hello", "hi", "dear", "regards", "sincerely", "yes", "no", "ok", "well", "sorry",
    "please", "cheers", "best", "not", "all", "as", "what", "why", "how", "who", "there", "here",
    "team", "support", "department", "dept", "office", "service", "services", "inc", "llc", "ltd", "corp",
    "company", "group", "billing", "desk", "staff", "sir", "madam", "colleague", "colleagues", "doctor", "patient",
    "family", "parents", "friends", "customer", "member", "members", "valued", "nature",
};

// Titles that make the capitalised words after them a name ("Dr. Okafor", "Mrs Alvarez").
constexpr std::string_view kTitles[] = {"Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof", "Nurse"};

bool is_title(std::string_view word) {
  if (word.size() > 5) return false;
  for (std::string_view title : kTitles) {
    if (word == title) return true;
  }
  return false;
}

// Surnames that are also everyday English words: after an unknown word they do not make a name.
constexpr std::string_view kWordSurnames[] = {
    "black", "white", "green", "brown", "gray", "little", "long", "young", "king", "hill", "wood", "stone",
    "rose", "fox", "rice", "hunt", "price", "bell", "cross", "day", "love", "house", "good", "best", "small",
    "strong", "short", "rich", "moon", "snow", "page", "person", "case", "english", "french", "may", "frank",
    "golden", "noble", "wise", "ball", "park", "lamb", "wolf", "bush", "bass", "hood", "wall", "clay",
    "church", "branch", "duke", "mills", "fields", "banks", "marsh", "west", "north", "lane", "ford", "hall",
    "hart", "knight", "mason", "miles", "powers", "sharp", "steele", "walls", "waters", "woods", "baker", "cook",
    "carter", "rivers", "summers", "winters", "frost", "glass", "cherry", "moss", "sparks", "flowers", "bond"};

// Kinship words after which one capitalised word alone is a person ("son Clifford", "her nephew Quang"), in English;
// and the words for a child in the name lists' languages. Written in lower case only: "Mother Nature" and "Father
// Christmas" are not.
constexpr std::string_view kKinWords[] = {
    "son", "daughter", "wife", "husband", "mother", "father", "brother", "sister", "nephew", "niece", "uncle", "aunt",
    "grandson", "granddaughter", "grandmother", "grandfather", "cousin", "partner", "dad", "mum", "mom"};
constexpr std::string_view kChildWords[] = {"fille", "fils", "tochter", "sohn", "dochter", "zoon", "hija", "hijo",
                                            "figlia", "figlio", "filha", "filho"};

// Titles, lower-cased, before which a word in one case throughout is a name: "MR OKWU", "mrs d. prendergast".
constexpr std::string_view kOneCaseTitles[] = {"mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "mme"};

// Kinship words of the name lists' languages, lower-cased, with the Polish forms a name follows ("z mężem Pawłem",
// "mojej żony Grażyny"). Only FindNamesAfterCues reads them, with its word-list checks; words that are also English
// ("far", "man", "brat") are left out.
constexpr std::string_view kForeignKinWords[] = {
    "hermana", "hermano", "esposa", "esposo", "marido", "nuera", "yerno", "madre", "padre", "abuela", "abuelo",
    "sobrina", "sobrino", "nieta", "nieto", "cuñada", "cuñado", "suegra", "suegro", "irmã", "irmão", "mãe", "avó",
    "avô", "sobrinha", "sobrinho", "mari", "épouse", "époux", "frère", "sœur", "mère", "père", "tante",
    "oncle", "neveu", "nièce", "ehefrau", "ehemann", "bruder", "schwester", "mutter", "vater", "onkel", "enkel",
    "enkelin", "neffe", "nichte", "moglie", "marito", "fratello", "sorella", "nonna", "nonno", "nuora", "genero",
    "broer", "zus", "moeder", "vader", "oom", "kleinzoon", "kleindochter", "żona", "żony", "żoną", "mąż", "mężem",
    "męża", "córka", "córką", "córki", "synem", "siostra", "siostrą", "bratem", "matka", "ojciec", "babcia", "dziadek",
    "bror", "søster", "syster", "datter", "dotter", "sønn", "søn", "hustru"};

// Roles whose holder's name follows ("SURGEON: MCCREADY", "Physio Niamh", "GP - PADRAIG MULCAHY"). Not "registrar":
// domain records write "Registrar: Tucows".
constexpr std::string_view kRoleWords[] = {
    "consultant", "surgeon",   "anaesthetist", "anesthetist", "physio",    "physiotherapist", "midwife",
    "pharmacist", "therapist", "carer",        "caregiver",   "keyworker", "solicitor",       "gp"};

// Words that address a person, before a name the lists have ("TELL BERNARD", "Thanks Becca"; not "Ask Reddit").
constexpr std::string_view kAddressWords[] = {"tell", "ask", "remind", "thanks", "attn"};

// Words before the name a person goes by, which may be any word ("nickname Bank", "nicknamed Nok"). Not "alias" or
// "aka": code, drugs and things have them too ("alias Deploy", "MDMA, aka Ecstasy").
constexpr std::string_view kNicknameWords[] = {"nickname", "nicknamed"};

// Verbs of a note's contacts and the prepositions after which their person follows ("seen by", "discussed with",
// "handed over to", "admitted under"; not "admitted with UROSEPSIS" or "seen with haematuria").
struct ReportingVerb {
  std::string_view verb, preposition;
};
constexpr ReportingVerb kReportingVerbs[] = {
    {"seen", "by"},      {"review", "by"},      {"reviewed", "by"},      {"discussed", "with"},
    {"spoke", "to"},     {"spoke", "with"},     {"spoken", "to"},        {"spoken", "with"},
    {"escalated", "to"}, {"handed", "over to"}, {"handed", "to"},        {"admitted", "under"},
    {"goes", "by"}};

// Verbs a person's name comes just before ("Nasser reports", "Louise minuted", "Hope said").
constexpr std::string_view kSubjectVerbs[] = {
    "said", "says", "asked", "asks", "reports", "reported", "rang", "phoned", "texted", "emailed", "confirmed",
    "agreed", "signed", "minuted", "updated", "explained", "states", "stated", "translated", "translates", "replied",
    "wrote", "noted", "mentioned", "advised", "told", "suggested"};

// Tasks a plan gives to the person named before "to" ("Okafor to consent", "Bill to chase the bloods").
constexpr std::string_view kTaskVerbs[] = {
    "chase", "discuss", "consent", "book", "review", "sign", "call", "ring", "phone", "contact", "see", "speak",
    "liaise", "email", "arrange", "check", "confirm", "update", "collect", "bring", "send", "cover", "prescribe",
    "request", "refer", "order", "repeat", "escalate", "inform", "write", "complete", "bleep", "reply", "action"};

// Possessives, articles and prepositions that make a kinship word someone's relative ("her son", "su hermana", "z
// mężem", "mit Ehefrau"), unlike a family history's list ("FH: padre Diabético, madre Ipertesa").
constexpr std::string_view kPossessives[] = {
    "his",   "her",  "my",   "your", "their", "our",   "whose", "su",    "sus",   "mi",    "tu",    "con",  "la",
    "el",    "del",  "sua",  "seu",  "minha", "meu",   "com",   "da",    "do",    "sa",    "son",   "ma",   "mon",
    "avec",  "le",   "seine", "seiner", "seinem", "ihre", "ihrer", "ihrem", "mit", "der",  "die",   "dem",  "den",
    "suo",   "il",   "della", "zijn", "haar",  "met",   "de",    "het",   "z",     "ze",    "jej",   "jego", "mojej",
    "mojego"};

// Clinical services that notes name where a person could stand ("seen by Ortho", "d/w Micro"): never a name.
constexpr std::string_view kServiceWords[] = {
    "ortho", "gastro", "neuro", "derm", "haem", "heme", "onc", "cardio", "resp", "rheum", "urol", "paeds", "peds",
    "surg", "vasc", "ophth", "tox", "micro", "psych", "endo", "nephro", "pall", "obs", "gynae", "nicu", "picu", "scbu",
    "sdec", "amau", "resus", "camhs", "oncall", "maxfax", "dayteam", "twilights", "homecare", "sho", "spr", "hca",
    "dols"};

// A word's lists, and whether it is a cue FindNamesAfterCues reads.
enum NameKind : std::uint32_t {
  kFirst = 1,
  kAmbiguousFirst = 2,
  kSurname = 4,
  kNotSurname = 8,
  kWordSurname = 16,
  kTitleCue = 32,
  kKinCue = 64,
  kBedCue = 128,
  kRoleCue = 256,
  kReportingVerbCue = 512,
  kForeignKinCue = 1024,
  kSubjectVerbCue = 2048,
  kTaskVerb = 4096,
  kTaskToCue = 8192,
  kClauseOpener = 16384,
  kAddressCue = 32768,
  kNicknameCue = 65536
};

// Calls `visit(word, kind)` for every word FindNamesAfterCues reads as a cue, with its kind.
template <class Visit>
void ForEachCueWord(Visit visit) {
  for (std::string_view word : kOneCaseTitles) visit(word, kTitleCue);
  for (std::string_view word : kKinWords) visit(word, kKinCue);
  for (std::string_view word : kChildWords) visit(word, kForeignKinCue);
  for (std::string_view word : kForeignKinWords) visit(word, kForeignKinCue);
  for (std::string_view word : kRoleWords) visit(word, kRoleCue);
  for (std::string_view word : kAddressWords) visit(word, kAddressCue);
  for (std::string_view word : kNicknameWords) visit(word, kNicknameCue);
  for (const ReportingVerb& entry : kReportingVerbs) visit(entry.verb, kReportingVerbCue);
  for (std::string_view word : kSubjectVerbs) visit(word, kSubjectVerbCue);
  visit("to", kTaskToCue);
  visit("bed", kBedCue);
}

// One case-folded lookup per capitalised word gives every list the word is on. Words are at most 16 bytes, so a word
// is two 64-bit keys (lower-cased, zero-padded) in an open-addressing table: no string hashing, no pointer chasing.
class Gazetteer {
 public:
  Gazetteer() {
    for (std::string_view word : kFirstNames) Add(word, kFirst);
    for (std::string_view word : kAmbiguousFirstNames) Add(word, kAmbiguousFirst);
    for (std::string_view word : kSurnames) Add(word, kSurname);
    for (std::string_view word : kNotSurnames) Add(word, kNotSurname);
    for (std::string_view word : kWordSurnames) Add(word, kWordSurname);
    ForEachCueWord([&](std::string_view word, NameKind kind) { Add(word, kind); });
    for (std::string_view word : kTaskVerbs) Add(word, kTaskVerb);
    for (std::string_view word : {"and", "or", "but", "then", "so", "while", "when", "also"}) Add(word, kClauseOpener);
  }
  std::uint32_t Kinds(std::string_view word) const {
    if (word.size() < 2 || word.size() > kMaxWordBytes) return 0;
    const Key key = KeyOf(word);
    for (std::size_t slot = SlotOf(key);; slot = (slot + 1) & (kSlots - 1)) {
      const Entry& entry = entries_[slot];
      if (entry.kinds == 0) return 0;
      if (entry.key == key) return entry.kinds;
    }
  }

 private:
  static constexpr std::size_t kMaxWordBytes = 16;
  static constexpr std::size_t kSlots = 4096;  // a power of two, over twice the ~1,560 words on the lists
  struct Key {
    uint64_t low = 0, high = 0, length = 0;
    bool operator==(const Key&) const = default;
  };
  struct Entry {
    Key key;
    std::uint32_t kinds = 0;  // 0 marks an empty slot
  };

  static Key KeyOf(std::string_view word) {
    unsigned char bytes[kMaxWordBytes] = {};
    for (std::size_t i = 0; i < word.size(); ++i) {
      const auto c = static_cast<unsigned char>(word[i]);
      bytes[i] = (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c - 'A' + 'a') : c;
    }
    Key key;
    std::memcpy(&key.low, bytes, 8);
    std::memcpy(&key.high, bytes + 8, 8);
    key.length = word.size();
    return key;
  }
  static std::size_t SlotOf(const Key& key) {
    const uint64_t mixed = (key.low * 0x9E3779B97F4A7C15ULL) ^ (key.high * 0xC2B2AE3D27D4EB4FULL) ^ key.length;
    return static_cast<std::size_t>((mixed ^ (mixed >> 29)) * 0xBF58476D1CE4E5B9ULL >> 52);  // top 12 bits
  }
  void Add(std::string_view word, NameKind kind) {
    if (word.size() > kMaxWordBytes) return;  // never looked up
    const Key key = KeyOf(word);
    for (std::size_t slot = SlotOf(key);; slot = (slot + 1) & (kSlots - 1)) {
      Entry& entry = entries_[slot];
      if (entry.kinds == 0) entry.key = key;
      if (entry.key == key) {
        entry.kinds |= kind;
        return;
      }
    }
  }

  std::array<Entry, kSlots> entries_{};
};

const Gazetteer& gazetteer() {
  static const Gazetteer instance;
  return instance;
}

bool is_lower_or_utf8(char c) {
  return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80;
}
// ASCII letters and digits, and every byte of a UTF-8 sequence; a table, as the cue scan asks this of every byte.
constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> word_bytes{};
  for (int c = 0; c < 256; ++c)
    word_bytes[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
  return word_bytes;
}();
bool is_word_byte(char c) { return kWordBytes[static_cast<unsigned char>(c)]; }

struct Word {
  std::size_t start = 0;
  std::size_t end = 0;
  bool found = false;
};

// A capitalised word starting exactly at pos: [A-Z] then lower-case letters, with inner ' or -
// ("O'Brien", "Smith-Jones"); UTF-8 bytes count as lower-case letters.
Word capitalised_word_at(std::string_view text, std::size_t pos) {
  Word word;
  if (pos >= text.size() || text[pos] < 'A' || text[pos] > 'Z') return word;
  if (pos > 0 && is_word_byte(text[pos - 1])) return word;
  std::size_t i = pos + 1;
  while (i < text.size()) {
    if (is_lower_or_utf8(text[i])) {
      ++i;
    } else if ((text[i] == '\'' || text[i] == '-') && i + 1 < text.size() && text[i + 1] >= 'A' &&
               text[i + 1] <= 'Z' && i + 2 < text.size() && is_lower_or_utf8(text[i + 2])) {
      i += 2;
    } else if (text[i] == '\'' && i + 1 < text.size() && is_lower_or_utf8(text[i + 1]) && i - pos == 1) {
      ++i;  // O'neil style
    } else {
      break;
    }
  }
  if (i - pos < 2 || (i < text.size() && is_word_byte(text[i]))) return word;
  word.start = pos;
  word.end = i;
  word.found = true;
  return word;
}

// The next capitalised word after `end` separated by one or two spaces, optionally skipping a
// middle initial ("J. ").
Word next_word(std::string_view text, std::size_t end, bool allow_initial) {
  std::size_t i = end;
  std::size_t spaces = 0;
  while (i < text.size() && text[i] == ' ' && spaces < 2) {
    ++i;
    ++spaces;
  }
  if (spaces == 0) return {};
  if (allow_initial && i + 2 < text.size() && text[i] >= 'A' && text[i] <= 'Z' && text[i + 1] == '.' &&
      text[i + 2] == ' ')
    return next_word(text, i + 2, false);
  return capitalised_word_at(text, i);
}

// Words that, right before two capitalised words, make them a person's name.
constexpr std::string_view kCueWords[] = {
    "patient", "pt", "caller", "by", "nurse", "name", "contact", "prescriber", "guarantor", "dear",
    "hi", "hello", "son", "daughter", "wife", "husband", "mother", "father", "brother", "sister", "caregiver",
    "guardian", "cc", "attn", "rn", "np", "md", "customer", "agent", "user", "member",
    "thanks", "regards", "sincerely", "cheers", "best"};

// The lower-cased ASCII word just before `start` (skipping blanks, line breaks and ':', ',', '('), and where it
// begins; empty when there is none or it is longer than any cue word.
std::pair<std::string, std::size_t> lowered_word_before(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end > 0 && std::string_view(" :,(\t\r\n").find(text[end - 1]) != std::string_view::npos) --end;
  std::size_t begin = end;
  while (begin > 0 && ((text[begin - 1] >= 'a' && text[begin - 1] <= 'z') || (text[begin - 1] >= 'A' && text[begin - 1] <= 'Z')))
    --begin;
  if (begin == end || end - begin > 13) return {std::string(), begin};
  std::string word(text.substr(begin, end - begin));
  for (char& c : word) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return {word, begin};
}

// A kinship word in lower case right before `start`, with only spaces between ("my husband, I'd" is not one).
bool preceded_by_kin_word(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end > 0 && text[end - 1] == ' ') --end;
  if (end == start) return false;
  const auto [word, begin] = lowered_word_before(text, end);
  if (word.empty() || text[begin] < 'a' || text[begin] > 'z') return false;
  return std::find(std::begin(kKinWords), std::end(kKinWords), word) != std::end(kKinWords) ||
         std::find(std::begin(kChildWords), std::end(kChildWords), word) != std::end(kChildWords);
}

// The word just before `start` is a cue word, directly or through "of" ("sister of Philippa Chen").
bool preceded_by_cue(std::string_view text, std::size_t start) {
  auto [word, begin] = lowered_word_before(text, start);
  if (word == "of") word = lowered_word_before(text, begin).first;
  for (std::string_view cue : kCueWords) {
    if (word == cue) return true;
  }
  return false;
}

bool is_kind(NameKind kind, std::string_view word) { return (gazetteer().Kinds(word) & kind) != 0; }

std::string_view view(std::string_view text, const Word& word) {
  return text.substr(word.start, word.end - word.start);
}

}  // namespace

bool IsCommonFirstName(std::string_view word) { return (gazetteer().Kinds(word) & (kFirst | kAmbiguousFirst)) != 0; }
bool IsCommonSurname(std::string_view word) { return is_kind(kSurname, word); }

namespace {

// Whether any of the 8 bytes at `p` is an ASCII capital letter, by bytewise arithmetic on one 64-bit word (no byte
// carries into the next: each sum stays below 256).
bool any_capital_in_8(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  uint64_t bytes;
  std::memcpy(&bytes, p, sizeof bytes);
  const uint64_t low7 = bytes & ~kHigh;
  const uint64_t at_least_a = (low7 + (0x80 - 'A') * kOnes) & kHigh;
  const uint64_t beyond_z = (low7 + (0x80 - 'Z' - 1) * kOnes) & kHigh;
  return (at_least_a & ~beyond_z & ~bytes & kHigh) != 0;
}

}  // namespace

std::vector<NameCandidate> FindNameCandidates(std::string_view text) {
  std::vector<NameCandidate> candidates;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos + 8 <= text.size() && !any_capital_in_8(text.data() + pos)) pos += 8;
    if (pos >= text.size()) break;
    char c = text[pos];
    if (c < 'A' || c > 'Z') {
      ++pos;
      continue;
    }
    Word first = capitalised_word_at(text, pos);
    if (!first.found) {
      ++pos;
      continue;
    }
    std::string_view first_text = view(text, first);
    if (is_title(first_text)) {
      std::size_t after_title = first.end + (first.end < text.size() && text[first.end] == '.' ? 1 : 0);
      Word name = next_word(text, after_title, false);
      if (name.found) {
        Word more = next_word(text, name.end, true);
        std::string_view name_text = view(text, name);
        bool two_words = more.found && (is_kind(kFirst, name_text) ||
                                        is_kind(kAmbiguousFirst, name_text) ||
                                        is_kind(kSurname, view(text, more)));
        candidates.push_back({name.start, two_words ? more.end : name.end, 0.85});
        pos = candidates.back().end;
        continue;
      }
    }
    const std::uint32_t kinds = gazetteer().Kinds(first_text);
    bool known_first = (kinds & kFirst) != 0;
    bool ambiguous_first = (kinds & kAmbiguousFirst) != 0;
    bool known_surname = (kinds & kSurname) != 0;
    if (!known_first && !ambiguous_first && !known_surname) {
      // An unknown capitalised word: a name with a known surname after it ("Marisol Lopez"), with a
      // known first name after a comma ("Adebayo, Mary"), or with any capitalised word when the word
      // just before is a cue ("caregiver Eulalia Hernandez").
      Word second = next_word(text, first.end, true);
      NameCandidate unknown{first.start, first.end, 0.0};
      if (!is_kind(kNotSurname, first_text)) {
        const std::uint32_t second_kinds = second.found ? gazetteer().Kinds(view(text, second)) : 0;
        if (second.found && (second_kinds & kSurname) && !(second_kinds & (kFirst | kWordSurname))) {
          unknown = {first.start, second.end, 0.5};
        } else if (second.found && !(second_kinds & kNotSurname) && preceded_by_cue(text, first.start)) {
          unknown = {first.start, second.end, 0.6};
        } else if (first.end + 2 < text.size() && text[first.end] == ',' && text[first.end + 1] == ' ') {
          Word given = capitalised_word_at(text, first.end + 2);
          if (given.found && is_kind(kFirst, view(text, given))) unknown = {first.start, given.end, 0.6};
        }
        if (unknown.score == 0.0 && first_text.substr(0, 2) != "I'" && preceded_by_kin_word(text, first.start)) {
          unknown = {first.start, first.end, 0.6};
        }
      }
      if (unknown.score > 0.0) {
        candidates.push_back(unknown);
        pos = unknown.end;
      } else {
        pos = first.end;
      }
      continue;
    }
    Word second = next_word(text, first.end, true);
    std::string_view second_text = second.found ? view(text, second) : std::string_view{};
    NameCandidate candidate{first.start, first.end, 0.0};
    if ((known_first || ambiguous_first) && second.found && is_kind(kSurname, second_text)) {
      candidate = {first.start, second.end, 0.85};
    } else if (known_first && second.found && !is_kind(kNotSurname, second_text)) {
      candidate = {first.start, second.end, 0.6};
      // A second given name followed by a surname: "Mary Ellen Walsh".
      if (is_kind(kFirst, second_text)) {
        Word third = next_word(text, second.end, false);
        if (third.found && is_kind(kSurname, view(text, third)))
          candidate = {first.start, third.end, 0.85};
      }
    } else if (known_surname && first.end + 2 < text.size() && text[first.end] == ',' &&
               text[first.end + 1] == ' ') {
      Word given = capitalised_word_at(text, first.end + 2);
      if (given.found && is_kind(kFirst, view(text, given))) candidate = {first.start, given.end, 0.8};
    }
    if (candidate.score == 0.0) {
      if (known_first) candidate.score = 0.4;
      else if (known_surname) candidate.score = 0.3;
    }
    if (candidate.score > 0.0) {
      candidates.push_back(candidate);
      pos = candidate.end;
    } else {
      pos = first.end;
    }
  }
  return candidates;
}

namespace {

enum class Case { kUpper, kLower, kTitle, kOther };

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_letter_byte(char c) { return is_ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80; }

// The case of a word's ASCII letters (other letters have none here). A name in title case may have a capital after
// "Mc", "Mac", an apostrophe or a hyphen ("McCready", "MacDonald", "O'Brien", "Okafor-Smith").
Case case_of(std::string_view word) {
  std::size_t upper = 0, lower = 0, inner_capitals = 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    upper += c >= 'A' && c <= 'Z';
    lower += c >= 'a' && c <= 'z';
    const bool after_prefix = (i == 2 && word.substr(0, 2) == "Mc") || (i == 3 && word.substr(0, 3) == "Mac") ||
                              (i >= 2 && (word[i - 1] == '\'' || word[i - 1] == '-'));
    inner_capitals += c >= 'A' && c <= 'Z' && after_prefix;
  }
  if (upper > 0 && lower == 0) return Case::kUpper;
  if (lower > 0 && upper == 0) return Case::kLower;
  if (word[0] >= 'A' && word[0] <= 'Z' && upper == 1 + inner_capitals) return Case::kTitle;
  return Case::kOther;
}

// The word of letters that starts at `pos`, without a possessive 's, or an empty one; a contraction ("isn't",
// "she'd") is none.
Word letters_word_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size() || !is_letter_byte(text[pos]) || (pos > 0 && is_word_byte(text[pos - 1]))) return {};
  std::size_t end = pos;
  auto joins = [&](std::size_t at) {  // an inner hyphen, or the apostrophe of "O'BRIEN" (not of "isn't")
    return (text[at] == '-' || (text[at] == '\'' && at == pos + 1)) && at + 1 < text.size() &&
           is_letter_byte(text[at + 1]);
  };
  while (end < text.size() && (is_letter_byte(text[end]) || joins(end))) ++end;
  if (end + 1 < text.size() && text[end] == '\'' && is_letter_byte(text[end + 1])) {
    const bool possessive = (text[end + 1] | 0x20) == 's' && (end + 2 == text.size() || !is_word_byte(text[end + 2]));
    if (!possessive) return {};
  }
  if (end < text.size() && text[end] >= '0' && text[end] <= '9') return {};
  return {pos, end, true};
}

// The position after one or two spaces from `pos`, or npos if there are none.
std::size_t after_spaces(std::string_view text, std::size_t pos) {
  std::size_t spaces = 0;
  while (pos < text.size() && text[pos] == ' ' && spaces < 2) ++pos, ++spaces;
  return spaces == 0 ? std::string_view::npos : pos;
}

bool has_vowel(std::string_view word) { return word.find_first_of("aeiouyAEIOUY") != std::string_view::npos; }

// Lower-cased ASCII, for comparing a word with the lists.
std::string lowered(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return lower;
}

// Whether a word is the short name of a clinical service ("seen by Ortho", "DISCUSSED WITH NICU").
bool service_word(std::string_view word) {
  const std::string lower = lowered(word);
  return std::find(std::begin(kServiceWords), std::end(kServiceWords), lower) != std::end(kServiceWords);
}
bool ends_with_any(const std::string& lower, std::initializer_list<std::string_view> endings, std::size_t min_size) {
  for (std::string_view ending : endings) {
    if (lower.size() >= std::max(min_size, ending.size()) &&
        lower.compare(lower.size() - ending.size(), ending.size(), ending) == 0)
      return true;
  }
  return false;
}

// Drugs by the stems of their international names: "Citalopram", "Edoxaban", "Amlodipine", "Ticagrelor". Stems that
// end surnames are left out or lengthened ("Fidone", "Lapine", "Nicolone" are people).
bool drug_word(std::string_view word) {
  return ends_with_any(lowered(word),
                       {"mycin", "cillin", "azole", "olol", "pril", "parin", "xaban", "drolone", "solone", "statin",
                        "sartan", "tidine", "floxacin", "zepam", "alopram", "triptan", "gliptin", "gliflozin",
                        "dronate", "dipine", "zapine", "tiapine", "oxetine", "peridone", "asidone", "navir", "semide",
                        "thiazide", "pezil", "grelor", "umab", "imab", "tinib"},
                       6);
}

// Whether a word no list has is clinical rather than a person: a service, a drug, an imaging study ("MR ANGIO", "MR
// ENTEROGRAPHY": "MR" is also magnetic resonance), a specialty or specialist ("Gastroenterology", "Consultant
// Rheumatologist"), a finding or procedure ("MR POSTERIORLY", "MS PLANIMETRY"). Endings that also end surnames are left
// out: "-itis" ("Petraitis"), "-uria" ("Luria"), "-quist" ("Rehnquist"), "-ician" ("Felician").
bool clinical_word(std::string_view word) {
  if (service_word(word) || drug_word(word)) return true;
  return ends_with_any(lowered(word),
                       {"angio", "graphy", "ogram", "scopy", "scopic", "ology", "logist", "iatrist", "therapist",
                        "dontist", "optist", "ivist", "grapher", "rgeon", "osis", "aemia", "pathy", "ometry", "imetry",
                        "ectomy", "otomy", "plasty", "ically", "iorly", "sacral", "rectal", "iliary", "natal", "penic",
                        "exial", "algia", "penia", "phylaxis", "febrile"},
                       5);
}

// Whether a word no list has looks like a name rather than an abbreviation or clinical word: four letters or more, a
// vowel, nothing clinical ("MR CXR", "seen by Ortho", "MR ANGIO"), no gerund ("Attn: Onboarding"), and in capitals
// not a short word of one vowel ("MRSA", "ESBL", "DNACPR").
bool unlisted_name_shape(std::string_view word) {
  if (word.size() < 4 || !has_vowel(word) || clinical_word(word)) return false;
  const std::string lower = lowered(word);
  if (lower.size() > 5 && lower.compare(lower.size() - 3, 3, "ing") == 0) return false;  // "PHYSIO - AMBULATING"
  if (case_of(word) != Case::kUpper || word.size() > 6) return true;
  auto vowel = [](char c) { return std::string_view("AEIOU").find(c) != std::string_view::npos; };
  return std::count_if(word.begin(), word.end(), vowel) != 1;
}

// Whether `word` may be a cue word: most words are passed over by their first two letters, without a lookup.
bool opens_a_cue(std::string_view word) {
  static const std::array<std::uint32_t, 26> kSecondLetters = [] {
    std::array<std::uint32_t, 26> second_letters{};
    auto add = [&](std::string_view cue) {
      if (static_cast<unsigned char>(cue[0]) < 0x80 && static_cast<unsigned char>(cue[1]) < 0x80)
        second_letters[cue[0] - 'a'] |= 1u << (cue[1] - 'a');
    };
    ForEachCueWord([&](std::string_view cue, NameKind) { add(cue); });
    return second_letters;
  }();
  if (static_cast<unsigned char>(word[0]) >= 0x80 || static_cast<unsigned char>(word[1]) >= 0x80) return true;
  const unsigned first = static_cast<unsigned char>(word[0] | 0x20) - 'a';
  const unsigned second = static_cast<unsigned char>(word[1] | 0x20) - 'a';
  return first < 26 && second < 26 && (kSecondLetters[first] >> second & 1u) != 0;
}

constexpr std::uint32_t kCues =
    kTitleCue | kKinCue | kForeignKinCue | kBedCue | kRoleCue | kAddressCue | kReportingVerbCue | kNicknameCue;

using KindOf = std::function<NameWordKind(std::string_view)>;

// A listed surname after one to three initials in capitals that no word runs into ("1. A. KHAN - ECHO", "| N B. Nwosu
// |", "T. S. Eliot"), or an empty candidate. Only a word the lists have as a name ("E. COLI" is none), and one that is
// also an ordinary word only in capitals ("A. Oral." answers a court transcript's "Q.").
NameCandidate initialled_name(std::string_view text, std::size_t initial, const KindOf& kind_of) {
  const char letter = text[initial];
  const bool no_word_before = initial == 0 || (!is_word_byte(text[initial - 1]) && text[initial - 1] != '.');
  if (letter < 'A' || letter > 'Z' || !no_word_before || initial + 2 >= text.size() || text[initial + 1] != '.')
    return {};
  std::size_t at = initial + 2;
  for (int more = 0; more < 2; ++more) {  // "T. S. ELIOT"
    const std::size_t next = after_spaces(text, at);
    if (next == std::string_view::npos || next + 1 >= text.size() || text[next] < 'A' || text[next] > 'Z' ||
        text[next + 1] != '.')
      break;
    at = next + 2;
  }
  const Word surname = letters_word_at(text, after_spaces(text, at));
  if (!surname.found) return {};
  const std::string_view surname_text = view(text, surname);
  const Case surname_case = case_of(surname_text);
  if (surname_text.size() < 2 || (surname_case != Case::kUpper && surname_case != Case::kTitle)) return {};
  const NameWordKind kind = kind_of(surname_text);
  const bool upper_name_and_word =
      kind == NameWordKind::kNameAndWord && surname_case == Case::kUpper && surname_text.size() >= 3;
  if (kind != NameWordKind::kName && !upper_name_and_word) return {};
  return {initial, surname.end, 0.85};
}

// The word just before `at` (one or two spaces between), or an empty one.
Word word_before(std::string_view text, std::size_t at) {
  std::size_t end = at, spaces = 0;
  while (end > 0 && text[end - 1] == ' ' && spaces < 2) --end, ++spaces;
  if (spaces == 0) return {};
  std::size_t start = end;
  while (start > 0 && (is_letter_byte(text[start - 1]) ||
                       (text[start - 1] == '-' && start >= 2 && is_letter_byte(text[start - 2]) && start < end)))
    --start;
  if (start == end || (start > 0 && is_word_byte(text[start - 1]))) return {};
  return {start, end, true};
}

// The name just before a verb cue at `cue` ("Okafor reports", "Okafor to consent"), or an empty candidate: only a word
// the lists have as a name of three letters or more, and as no ordinary word. Plans and notes put drugs, tests,
// wards, systems and organisations where a person could stand, and no list has most of them ("Troponin to follow",
// "Warfarin to check INR", "Ward to book transport", "KARDEX SIGNED", "Reuters reported").
NameCandidate name_before_verb(std::string_view text, const Word& cue, const KindOf& kind_of) {
  const Word name = word_before(text, cue.start);
  if (!name.found) return {};
  const std::string_view name_text = view(text, name);
  if (gazetteer().Kinds(name_text) & kCues) return {};  // "Mum said", "GP to review"
  const Case name_case = case_of(name_text);
  if (name_case == Case::kOther || name_text.size() < 3 || kind_of(name_text) != NameWordKind::kName ||
      (gazetteer().Kinds(name_text) & kNotSurname) || service_word(name_text))
    return {};
  // A subject opens its clause ("Plan: Okafor to consent", "• Okafor to consent", "and Okafor to chase"), or a title or
  // a first name comes before it ("Dr Okafor to consent", "Clint Eastwood agreed"); "the King said" and "going to
  // Boston to see" name no one.
  std::size_t gap = name.start;
  while (gap > 0 && (text[gap - 1] == ' ' || text[gap - 1] == '\t')) --gap;
  const std::string_view lead = text.substr(0, gap);
  auto opens_with = [&](std::string_view mark) {
    return lead.size() >= mark.size() && lead.substr(lead.size() - mark.size()) == mark;
  };
  if (gap == 0 || std::string_view(".,;:!?()*\"'\n-|").find(text[gap - 1]) != std::string_view::npos ||
      opens_with("\u2022") || opens_with("\u2013"))
    return {name.start, name.end, 0.85};
  const Word before = word_before(text, name.start);
  if (!before.found) return {};
  const std::string_view before_text = view(text, before);
  if (gazetteer().Kinds(before_text) & (kClauseOpener | kTitleCue)) return {name.start, name.end, 0.85};
  const NameWordKind before_kind = kind_of(before_text);
  if (case_of(before_text) == name_case &&
      (before_kind == NameWordKind::kName || before_kind == NameWordKind::kNameAndWord))
    return {before.start, name.end, 0.85};
  return {};
}

// Where the preposition of the reporting verb `verb` ends ("seen by", "handed over to"), or npos if another word
// follows it.
std::size_t past_preposition(std::string_view text, const Word& verb) {
  const std::string verb_text = lowered(view(text, verb));
  for (const ReportingVerb& entry : kReportingVerbs) {
    if (entry.verb != verb_text) continue;
    std::size_t at = verb.end;
    bool matched = true;
    for (std::string_view rest = entry.preposition; matched && !rest.empty();) {
      const std::size_t space = rest.find(' ');
      const std::string_view expected = rest.substr(0, space);
      rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
      const Word word = letters_word_at(text, after_spaces(text, at));
      matched = word.found && lowered(view(text, word)) == expected;
      at = word.end;
    }
    if (matched) return at;
  }
  return std::string_view::npos;
}

// What lies between a cue word and its name, and how the name is written.
struct AfterCue {
  std::size_t at = 0;    // where the spaces before the name begin, or the name itself when `at_word`
  bool at_word = false;  // the name begins at `at`, after a bracket
  Case cue_case = Case::kOther;
  Case name_case = Case::kOther;
  bool case_from_first_word = false;  // the first word's case decides, within what the cue allows
  bool possessed = false;             // a possessive stands before a kinship word ("her son declan")
};

bool digit_then_space_before(std::string_view text, std::size_t at) {
  return at >= 2 && text[at - 1] == ' ' && text[at - 2] >= '0' && text[at - 2] <= '9';
}

// Reads past the cue word `cue` of `kinds` to where its name begins; false if nothing there can be its name.
//
// The name is written in capitals after a title in capitals or in title case, in lower case after one in lower case
// ("mr", "mrs", "dr" or "prof"; "200 ms debounce", "near miss datix" are not titles); a word in title case after a
// title is the gazetteer's ("Mr Okafor"). After a kinship or role word or a reporting verb in lower case it is written
// in lower, title or capital case ("hermana Itziar", "escalated to ADEYEMI"), after one in title case in title case
// (German writes "Ehefrau Renate"), after one in capitals in capitals. After a bed number it is written in any one
// case ("BED 3 HUGHES", "bed 14 (Pemberton)", "bed 4 hollister", "BED 1 - HUGHES"; not "3 bed 2 ensuite").
bool read_past_cue(std::string_view text, const Word& cue, std::uint32_t kinds, AfterCue& after) {
  const bool title = (kinds & kTitleCue) != 0, bed = (kinds & kBedCue) != 0;
  const std::string_view cue_text = view(text, cue);
  after.cue_case = case_of(cue_text);
  if (after.cue_case == Case::kUpper || (title && after.cue_case == Case::kTitle)) after.name_case = Case::kUpper;
  else if (after.cue_case == Case::kLower) after.name_case = Case::kLower;
  else if (title) return false;
  if (title && after.cue_case == Case::kLower) {
    const std::string lower = lowered(cue_text);
    if (lower == "ms" || lower == "miss" || digit_then_space_before(text, cue.start)) return false;
  }
  if (title && lowered(cue_text) == "miss") {  // "NEAR MISS DATIX"
    const Word before = word_before(text, cue.start);
    if (before.found && lowered(view(text, before)) == "near") return false;
  }
  if (kinds & (kKinCue | kForeignKinCue)) {
    const Word before = word_before(text, cue.start);
    after.possessed = before.found && std::find(std::begin(kPossessives), std::end(kPossessives),
                                                lowered(view(text, before))) != std::end(kPossessives);
  }
  after.case_from_first_word = !title && (bed || after.cue_case != Case::kUpper);
  after.at = cue.end + (title && cue.end < text.size() && text[cue.end] == '.' ? 1 : 0);
  if (bed) {
    if (digit_then_space_before(text, cue.start)) return false;
    const std::size_t digits_at = after_spaces(text, after.at);
    after.at = digits_at;
    while (after.at < text.size() && after.at - digits_at < 3 && text[after.at] >= '0' && text[after.at] <= '9')
      ++after.at;
    if (after.at == digits_at || (after.at < text.size() && is_word_byte(text[after.at]))) return false;
    if (after.at < text.size() && text[after.at] == '\t') {
      after.at_word = after.at + 1 < text.size() && text[after.at + 1] != ' ';
      ++after.at;
    }
  } else if (kinds & kReportingVerbCue) {
    const std::size_t past = past_preposition(text, cue);
    if (past == std::string_view::npos) return false;
    after.at = past;
  } else if ((kinds & kRoleCue) && after.at < text.size() && text[after.at] == ':') {
    ++after.at;  // a role as a label ("SURGEON: MCCREADY")
  }
  // A role or a bed number may stand as a label before a dash ("GP - PADRAIG MULCAHY", "BED 12 – HUGHES").
  if ((kinds & (kRoleCue | kBedCue)) && !after.at_word) {
    const std::size_t dash = after_spaces(text, after.at);
    for (std::string_view mark : {"-", "\u2013"}) {
      if (dash != std::string_view::npos && text.substr(dash, mark.size()) == mark &&
          text.substr(dash + mark.size(), 1) == " ")
        after.at = dash + mark.size();
    }
  }
  // A bed's patient or a relative may stand in brackets ("bed 14 (Pemberton)", "Ehefrau (Renate)").
  if (!title && !after.at_word && after.at < text.size() && text[after.at] == ' ') {
    const std::size_t bracket = after_spaces(text, after.at);
    if (bracket < text.size() && text[bracket] == '(') after.at = bracket + 1, after.at_word = true;
  }
  return true;
}

// Whether `word`, of `kind` on the lists and written in `name_case`, may be the name a cue of `kinds` reads.
//
// No clinical service ("DISCUSSED WITH NICU"), month, weekday or other word the gazetteer knows is no surname ("his
// father Thursday"). A word the lists have as an ordinary word and as a name needs three letters, and capitals after
// a title or role in capitals ("MRS ROSE"; not "MR. NO"), or title case after a kinship word ("her son Will"; not
// "Surgeon General"), or title case or capitals after a word of address ("tell young lovers" is none). A word no list
// has must look like one (unlisted_name_shape), and does not follow a word of address ("Ask Reddit"), a kinship word
// in title case (German writes "Vater Apoplex"), in capitals or in another language without a possessive before it
// ("MUM PRIMIP", "padre Diabético"; not "HER HUSBAND OTIENO", "su hermana Itziar"), nor stand in capitals after a cue
// in lower case ("discussed with NICU"). Lower case is where jargon and compounds no list has are written ("consultant
// callback", "mr rebased", "son anticoagulant"): there only an English kinship word after a possessive reads one ("her
// son declan").
bool may_be_the_name(std::string_view word, NameWordKind kind, std::uint32_t kinds, const AfterCue& after) {
  if (service_word(word) || (gazetteer().Kinds(word) & kNotSurname)) return false;
  const bool title = (kinds & kTitleCue) != 0, kinship = (kinds & (kKinCue | kForeignKinCue)) != 0;
  const bool address = (kinds & kAddressCue) != 0;
  const Case name_case = after.name_case;
  // After a nickname's word, any word in title case ("nickname Bank"); else a listed name ("NICKNAME ADMIN" is none).
  if (kinds & kNicknameCue) return name_case == Case::kTitle || kind == NameWordKind::kName;
  switch (kind) {
    case NameWordKind::kName:
      return true;
    case NameWordKind::kNameAndWord: {
      const bool after_title_or_role = (title || (kinds & kRoleCue) != 0) && after.cue_case != Case::kLower;
      return word.size() >= 3 && ((address && name_case != Case::kLower) ||
                                  (after_title_or_role && name_case == Case::kUpper) ||
                                  (kinship && name_case == Case::kTitle));
    }
    case NameWordKind::kUnknown: {
      if (address || !unlisted_name_shape(word)) return false;
      if (kinship && (after.cue_case == Case::kTitle || (after.cue_case == Case::kUpper && !after.possessed)))
        return false;
      if ((kinds & kForeignKinCue) && !after.possessed) return false;
      if (name_case == Case::kUpper && after.cue_case == Case::kLower) return false;
      return name_case != Case::kLower || ((kinds & kKinCue) != 0 && after.possessed);
    }
    case NameWordKind::kOrdinary:
      return false;
  }
  return false;
}

}  // namespace

bool LooksClinical(std::string_view word) { return clinical_word(word); }
bool LooksLikeADrug(std::string_view word) { return drug_word(word); }

std::vector<NameCandidate> FindNamesAfterCues(std::string_view text, const KindOf& kind_of) {
  std::vector<NameCandidate> names;
  for (std::size_t pos = 0; pos < text.size();) {
    while (pos < text.size() && !is_word_byte(text[pos])) ++pos;
    Word cue{pos, pos, true};
    while (cue.end < text.size() && is_word_byte(text[cue.end])) ++cue.end;
    pos = cue.end;
    const std::string_view cue_text = view(text, cue);
    if (cue_text.size() == 1) {
      const NameCandidate initialled = initialled_name(text, cue.start, kind_of);
      if (initialled.end > initialled.start) {
        names.push_back(initialled);
        pos = initialled.end;
      }
      continue;
    }
    const std::uint32_t kinds =
        cue_text.size() >= 2 && cue_text.size() <= 16 && opens_a_cue(cue_text) ? gazetteer().Kinds(cue_text) : 0;
    if (kinds & (kSubjectVerbCue | kTaskToCue)) {
      const Word task = letters_word_at(text, after_spaces(text, cue.end));
      const bool verb = (kinds & kSubjectVerbCue) != 0 ||
                        (task.found && (gazetteer().Kinds(view(text, task)) & kTaskVerb) != 0);
      const NameCandidate named = verb ? name_before_verb(text, cue, kind_of) : NameCandidate{};
      if (named.end > named.start && (names.empty() || names.back().end <= named.start)) names.push_back(named);
    }
    AfterCue after;
    if ((kinds & kCues) == 0 || !read_past_cue(text, cue, kinds, after)) continue;
    const bool title = (kinds & kTitleCue) != 0;
    std::size_t at = after.at, start = std::string_view::npos;
    bool at_word = after.at_word;  // no spaces to skip before the next word
    Word name;
    for (int words = 0; words < 3 && !name.found; ++words) {
      if (!at_word) at = after_spaces(text, at);
      at_word = false;
      const Word next = letters_word_at(text, at);
      if (!next.found) break;
      const std::string_view next_text = view(text, next);
      const Case next_case = case_of(next_text);
      if (after.case_from_first_word && words == 0) {
        const bool bed = (kinds & kBedCue) != 0;
        if (bed || next_case == Case::kTitle || (next_case == Case::kUpper && after.cue_case == Case::kLower) ||
            (next_case == Case::kLower && after.name_case == Case::kLower))
          after.name_case = next_case;
      }
      if (after.name_case == Case::kOther || next_case != after.name_case) break;
      if (start == std::string_view::npos) start = next.start;
      // A middle or first initial: one letter, with a full stop, or without one in capitals ("MRS D PRENDERGAST",
      // "MRS D.PRENDERGAST").
      const bool full_stop = next.end < text.size() && text[next.end] == '.';
      if (next.end - next.start == 1 && title && words < 2 && (full_stop || after.name_case == Case::kUpper)) {
        at = next.end + (full_stop ? 1 : 0);
        at_word = full_stop && at < text.size() && is_letter_byte(text[at]);
        continue;
      }
      name = next;
    }
    if (!name.found) continue;
    const std::string_view name_text = view(text, name);
    if (gazetteer().Kinds(name_text) & kCues) continue;  // "seen by prof lindqvist": the next cue reads the name
    const NameWordKind kind = kind_of(name_text);
    if (!may_be_the_name(name_text, kind, kinds, after)) continue;
    const Word more = letters_word_at(text, after_spaces(text, name.end));
    const std::uint32_t more_kinds = more.found ? gazetteer().Kinds(view(text, more)) : 0;
    // "Consultant Colorectal Surgeon" is a specialty before its role; "SURGEON: MCCREADY ANAESTHETIST: OKONJO" is not.
    if ((more_kinds & kRoleCue) && !(more.end < text.size() && text[more.end] == ':')) continue;
    // A listed name after it completes it ("MR JOHN SMITH"; not "TELL BERNARD WILL CALL"), and so does a word that
    // looks like a name after one that is not a word ("GP - PADRAIG MULCAHY").
    std::size_t end = name.end;
    if (more.found && case_of(view(text, more)) == after.name_case) {
      const std::string_view more_text = view(text, more);
      const NameWordKind more_kind = kind_of(more_text);
      const bool unlisted_pair = kind != NameWordKind::kNameAndWord && more_kind == NameWordKind::kUnknown &&
                                 after.name_case != Case::kLower && unlisted_name_shape(more_text) &&
                                 (gazetteer().Kinds(more_text) & (kNotSurname | kCues)) == 0;
      const bool listed_pair = kind == NameWordKind::kName && more_kind == NameWordKind::kNameAndWord;
      if (more_kind == NameWordKind::kName || listed_pair || unlisted_pair)
        end = more.end;
    }
    names.push_back({start, end, 0.85});
    pos = end;
  }
  return names;
}

// Words after which a name in one case names a street or a building ("27 carlton road").
constexpr std::string_view kPlaceWordsAfter[] = {
    "street", "st", "road", "rd", "avenue", "ave", "lane", "drive", "close", "way", "crescent", "court", "place",
    "park", "square", "grove", "hospital", "clinic", "school", "college", "house", "station", "centre", "center",
    "hall"};
// Abbreviations that are also listed names: a weekday's or a month's next to a number ("thu 8-4", "12 jan"), and
// "dob" (date of birth).
constexpr std::string_view kDateAbbreviations[] = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
                                                   "sun", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                                                   "sept", "oct", "nov", "dec"};

std::vector<NameCandidate> FindListedNamesInOneCaseText(std::string_view text, const KindOf& kind_of) {
  std::vector<NameCandidate> names;
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  bool title_case_word = false, lower_pair = false, upper_pair = false;
  for (std::size_t at = 0; at + 1 < text.size() && !title_case_word; ++at) {
    title_case_word = upper(text[at]) && lower(text[at + 1]);
    lower_pair = lower_pair || (lower(text[at]) && lower(text[at + 1]));
    upper_pair = upper_pair || (upper(text[at]) && upper(text[at + 1]));
  }
  if (title_case_word) return names;
  // In capitals: no two lower-case letters in a row ("PARACETAMOL 1g"); else in lower case.
  const bool in_capitals = upper_pair && !lower_pair;
  auto in_case = in_capitals ? +upper : +lower;
  // A mark of general punctuation (U+2000-203F: curly quotes, dashes) starts at `at`: no letter of a word.
  auto punctuation_at = [&](std::size_t at) {
    return at + 1 < text.size() && text[at] == '\xE2' && text[at + 1] == '\x80';
  };
  auto joined = [&](std::size_t at) {
    const char c = text[at];
    if (static_cast<unsigned char>(c) >= 0x80) return !punctuation_at(at);
    return is_word_byte(c) || c == '_' || c == '/' || c == '@' || c == '\\' || c == '-';
  };
  auto ascii_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  for (std::size_t at = 0; at < text.size();) {
    if (!in_case(text[at])) {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < text.size() && (ascii_letter(text[end]) || (text[end] >= '0' && text[end] <= '9'))) ++end;
    const std::size_t start = at;
    at = end;
    const bool one_case_ascii = std::all_of(text.begin() + static_cast<std::ptrdiff_t>(start),
                                            text.begin() + static_cast<std::ptrdiff_t>(end), in_case);
    // Not joined to a letter of another script, a path, an address or a code ("/dev/null", "bev.smith@",
    // "carlton_2"), nor a contraction ("ain't"); a curly quote or a dash is no join ("edward’s", "“edward”").
    std::size_t before_mark = start;
    while (before_mark > 0 && static_cast<unsigned char>(text[before_mark - 1]) >= 0x80 &&
           static_cast<unsigned char>(text[before_mark - 1]) < 0xC0 && start - before_mark < 3)
      --before_mark;
    const bool after_punctuation = start - before_mark == 2 && before_mark > 0 && punctuation_at(before_mark - 1);
    const bool opens_free = start == 0 || after_punctuation ||
                            (static_cast<unsigned char>(text[start - 1]) < 0x80 && !joined(start - 1) &&
                             text[start - 1] != '.' && text[start - 1] != '\'');
    const bool mark_inside = end + 1 < text.size() && is_word_byte(text[end + 1]) &&
                             (text[end] == '.' || (text[end] == '\'' && (text[end + 1] | 0x20) != 's'));
    const bool closes_free = end == text.size() || (!joined(end) && !mark_inside);
    const std::string word = lowered(text.substr(start, end - start));
    if (!one_case_ascii || !opens_free || !closes_free || word.size() < 3 || word == "dob" ||
        (gazetteer().Kinds(word) & (kNotSurname | kCues)) || kind_of(word) != NameWordKind::kName)
      continue;
    // In capitals, three letters are as often an abbreviation ("ESI", "IGA"), and a ward's service is none ("NICU").
    if (in_capitals && (word.size() < 4 || service_word(word) || clinical_word(word))) continue;
    // Not a street, a building or a town's institution ("carlton road", "king edward's hospital").
    std::size_t after_name = end;
    if (text.substr(end, 2) == "'s" || text.substr(end, 2) == "'S") after_name += 2;
    if (text.substr(end, 4) == "\u2019s" || text.substr(end, 4) == "\u2019S") after_name += 4;
    const Word next = letters_word_at(text, after_spaces(text, after_name));
    if (next.found && std::find(std::begin(kPlaceWordsAfter), std::end(kPlaceWordsAfter),
                                lowered(view(text, next))) != std::end(kPlaceWordsAfter))
      continue;
    // Not a saint's church, nor a place one lives or travels in ("ST. ANDREW'S", "a flat in camden", "via venice").
    std::size_t gap = start;
    while (gap > 0 && (text[gap - 1] == ' ' || text[gap - 1] == '.')) --gap;
    std::size_t previous = gap;
    while (previous > 0 && ascii_letter(text[previous - 1])) --previous;
    const std::string word_before = lowered(text.substr(previous, gap - previous));
    if (word_before == "st" || word_before == "saint" || word_before == "in" || word_before == "via" ||
        word_before == "near")
      continue;
    // In capitals, a possessive that ends a phrase names a disease ("GRAVES DISEASE AND ADDISON'S,").
    if (in_capitals && text.substr(end, 2) == "'S" && (end + 2 == text.size() || !is_word_byte(text[end + 2])) &&
        (end + 2 == text.size() || text[end + 2] != ' '))
      continue;
    if (std::find(std::begin(kDateAbbreviations), std::end(kDateAbbreviations), word) !=
        std::end(kDateAbbreviations)) {
      auto digit_at = [&](std::size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
      std::size_t before = start;
      while (before > 0 && std::string_view(" ,.-/").find(text[before - 1]) != std::string_view::npos) --before;
      std::size_t after = end;
      while (after < text.size() && std::string_view(" ,.-/").find(text[after]) != std::string_view::npos) ++after;
      if ((before > 0 && digit_at(before - 1)) || digit_at(after)) continue;
    }
    // A surname after a first name, with one space between, is the same name ("declan doherty").
    if (!names.empty() && names.back().end + 1 == start && text[start - 1] == ' ') {
      names.back().end = end;
    } else {
      names.push_back({start, end, 0.6});
    }
  }
  return names;
}


namespace {

// A word of letters (and combining marks) in any script, as the inflection scan reads it.
struct LetterWord {
  std::size_t start = 0, end = 0;
  bool title_case = false;  // a capital, then only small letters or marks
  bool opens_small = false;
};

// Which languages a letter tells a text is in: Polish, Czech, Slovak or Lithuanian ("ł", "ř", "ū"; some are also
// written in Latvian, Croatian, Slovene or Māori), or Turkish or Azerbaijani ("ı", "ş"). English writes none of them.
enum class TellingLetter { kNone, kWestSlavicOrBaltic, kTurkish };
TellingLetter TellingLetterOf(utf8proc_int32_t code) {
  static constexpr utf8proc_int32_t kWestSlavicOrBaltic[] = {
      0x104, 0x105, 0x106, 0x107, 0x10C, 0x10D, 0x10F, 0x116, 0x117, 0x118, 0x119, 0x11B, 0x12F, 0x13D,
      0x13E, 0x141, 0x142, 0x144, 0x148, 0x158, 0x159, 0x15A, 0x15B, 0x160, 0x161, 0x165, 0x16A, 0x16B,
      0x16F, 0x173, 0x179, 0x17A, 0x17B, 0x17C, 0x17D, 0x17E};
  static constexpr utf8proc_int32_t kTurkish[] = {0x11E, 0x11F, 0x130, 0x131, 0x15E, 0x15F};
  if (code < 0x104 || code > 0x17E) return TellingLetter::kNone;
  if (std::binary_search(std::begin(kTurkish), std::end(kTurkish), code)) return TellingLetter::kTurkish;
  if (std::binary_search(std::begin(kWestSlavicOrBaltic), std::end(kWestSlavicOrBaltic), code))
    return TellingLetter::kWestSlavicOrBaltic;
  return TellingLetter::kNone;
}

// The letter words of a text, in order, and where the letters that tell its language are.
struct LetterWords {
  std::vector<LetterWord> words;
  std::vector<std::size_t> west_slavic_or_baltic, turkish;

  // Whether a letter of `positions` is written within 200 bytes of [start, end).
  static bool Near(const std::vector<std::size_t>& positions, std::size_t start, std::size_t end) {
    constexpr std::size_t kNear = 200;
    auto first = std::lower_bound(positions.begin(), positions.end(), start > kNear ? start - kNear : 0);
    return first != positions.end() && *first < end + kNear;
  }
};

// Reads `text`: a code point that is no letter or mark ends a word; invalid UTF-8 is read as no letter.
LetterWords ReadLetterWords(std::string_view text) {
  LetterWords read;
  LetterWord word;
  bool in_word = false, rest_small = true;
  for (std::size_t at = 0; at <= text.size();) {
    utf8proc_int32_t code = -1;
    utf8proc_ssize_t length = 1;
    utf8proc_category_t category = UTF8PROC_CATEGORY_CN;
    if (at < text.size() && static_cast<unsigned char>(text[at]) < 0x80) {  // ASCII, without decoding
      code = text[at];
      if (code >= 'a' && code <= 'z') category = UTF8PROC_CATEGORY_LL;
      if (code >= 'A' && code <= 'Z') category = UTF8PROC_CATEGORY_LU;
    } else if (at < text.size()) {
      length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                                static_cast<utf8proc_ssize_t>(text.size() - at), &code);
      if (length < 1) length = 1, code = -1;
      if (code >= 0) category = utf8proc_category(code);
    }
    const bool letter = category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_ME;
    switch (TellingLetterOf(code)) {
      case TellingLetter::kWestSlavicOrBaltic: read.west_slavic_or_baltic.push_back(at); break;
      case TellingLetter::kTurkish: read.turkish.push_back(at); break;
      case TellingLetter::kNone: break;
    }
    if (letter && !in_word) {
      in_word = true;
      rest_small = true;
      word = {at, at, category == UTF8PROC_CATEGORY_LU, category == UTF8PROC_CATEGORY_LL};
    } else if (letter) {
      rest_small = rest_small && (category == UTF8PROC_CATEGORY_LL || category >= UTF8PROC_CATEGORY_MN);
    } else if (in_word) {
      in_word = false;
      word.end = at;
      word.title_case = word.title_case && rest_small && word.end - word.start > 1;
      read.words.push_back(word);
    }
    at += static_cast<std::size_t>(length);
  }
  return read;
}

// Case endings of Polish, Czech, Slovak, Lithuanian, Russian and Ukrainian names, each with what the name's listed
// form ends in instead: "Grzegorzowi" -> "Grzegorz", "Jiřímu" -> "Jiří", "Šarūnui" -> "Šarūnas", "Ольгу" -> "Ольга",
// "Тарасові" -> "Тарас", "Сергею" -> "Сергей".
constexpr std::pair<std::string_view, std::string_view> kCaseEndings[] = {
    {"owi", ""},  {"ovi", ""},   {"em", ""},  {"mu", ""},  {"ui", "as"}, {"ui", "us"}, {"ą", "a"},  {"ę", "a"},
    {"ou", "a"},  {"y", "a"},    {"у", "а"},  {"у", ""},   {"ю", "й"},   {"ю", "я"},   {"ові", ""},
    {"ом", ""},   {"ем", "й"},   {"ой", "а"}, {"ою", "а"}, {"е", "а"},   {"ы", "а"},   {"и", "а"},  {"а", ""}};

// Turkish case endings written after an apostrophe ("Selin'e", "Emre'ye", "Kerem'i").
constexpr std::string_view kTurkishEndings[] = {"e",   "a",   "ye",  "ya",  "i",   "ı",   "u",   "ü",  "yi",
                                                "yı",  "yu",  "yü",  "in",  "ın",  "un",  "ün",  "nin", "nın",
                                                "nun", "nün", "de",  "da",  "te",  "ta",  "den", "dan", "ten",
                                                "tan", "le",  "la",  "yle", "yla"};

// The case endings above that may end the word at [start, end) in `text`: all of them in Cyrillic; in Latin letters
// "-owi" and "-ovi", and the others only in a text with a letter of those languages near the word. Calls `each` with
// each ending and what the listed form ends in instead, until it returns true; returns whether one did.
template <class Each>
bool ForEachEnding(std::string_view text, const LetterWords& read, std::size_t start, std::size_t end, Each each) {
  const std::string_view word = text.substr(start, end - start);
  const bool latin = static_cast<unsigned char>(word.front()) < 0xD0;
  int language_near = latin ? -1 : 1;  // -1: not looked up yet
  for (const auto& [ending, listed_ending] : kCaseEndings) {
    if (word.size() < ending.size() + 3 || !word.ends_with(ending)) continue;
    if (ending != "owi" && ending != "ovi") {
      if (language_near < 0) language_near = LetterWords::Near(read.west_slavic_or_baltic, start, end) ? 1 : 0;
      if (language_near == 0) continue;
    }
    if (each(ending, listed_ending)) return true;
  }
  return false;
}

// Whether the word at [start, end), which no list has as written, is a listed name in one of the case endings.
bool InflectedName(std::string_view text, const LetterWords& read, std::size_t start, std::size_t end,
                   const KindOf& kind_of) {
  const std::string_view word = text.substr(start, end - start);
  return ForEachEnding(text, read, start, end, [&](std::string_view ending, std::string_view listed_ending) {
    std::string lemma(word.substr(0, word.size() - ending.size()));
    lemma += listed_ending;
    return kind_of(lemma) == NameWordKind::kName;
  });
}

// Where the Turkish case ending written at `at` (after the name) ends, or `at` if none is there: an apostrophe, one of
// kTurkishEndings, then no letter.
std::size_t TurkishEndingEnd(std::string_view text, std::size_t at, const std::vector<LetterWord>& words,
                             std::size_t next_word) {
  std::size_t letters = at;
  if (text.substr(at, 1) == "'") letters = at + 1;
  if (text.substr(at, 3) == "\u2019") letters = at + 3;
  if (letters == at || next_word >= words.size() || words[next_word].start != letters) return at;
  const std::string_view ending = text.substr(letters, words[next_word].end - letters);
  return std::find(std::begin(kTurkishEndings), std::end(kTurkishEndings), ending) != std::end(kTurkishEndings)
             ? words[next_word].end
             : at;
}

// Whether `text` may hold a name FindInflectedNames reads: it has a letter of Latin Extended-A (where the Polish,
// Czech, Slovak, Lithuanian and Turkish letters are) or of Cyrillic, or a word ending in "owi" or "ovi". Most text has
// none, and is not read further.
bool MayHoldInflectedNames(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0xC4 || byte == 0xC5 || (byte >= 0xD0 && byte <= 0xD4)) return true;
  }
  for (std::string_view ending : {std::string_view("owi"), std::string_view("ovi")}) {
    for (std::size_t at = text.find(ending); at != std::string_view::npos; at = text.find(ending, at + 1)) {
      const std::size_t after = at + ending.size();
      if (after == text.size() || !std::isalpha(static_cast<unsigned char>(text[after]))) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<NameCandidate> FindInflectedNames(std::string_view text, const KindOf& kind_of) {
  std::vector<NameCandidate> names;
  if (!MayHoldInflectedNames(text)) return names;
  const LetterWords read = ReadLetterWords(text);
  const std::vector<LetterWord>& words = read.words;
  auto spaces_only = [&](std::size_t from, std::size_t to, bool single) {
    if (to <= from || (single && to - from != 1)) return false;
    return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from), text.begin() + static_cast<std::ptrdiff_t>(to),
                       [](char c) { return c == ' '; });
  };
  for (std::size_t first = 1; first < words.size(); ++first) {
    // Mid-sentence: a word in small letters, then spaces, then the name in title case; not after a preposition of
    // place, where the ending is a place's ("в Иванове", "на Лене", "w Krakowie": in Ivanovo, on the Lena, in Kraków).
    if (!words[first].title_case || !words[first - 1].opens_small ||
        !spaces_only(words[first - 1].end, words[first].start, false))
      continue;
    const std::string_view word_before =
        text.substr(words[first - 1].start, words[first - 1].end - words[first - 1].start);
    if (word_before == "в" || word_before == "во" || word_before == "на" || word_before == "w" || word_before == "we")
      continue;
    // The words in title case that follow, one space apart: the run a name may fill.
    std::size_t run_end = first + 1;
    while (run_end < words.size() && run_end < first + 3 && words[run_end].title_case &&
           spaces_only(words[run_end - 1].end, words[run_end].start, true))
      ++run_end;
    // Without a word the endings may fit, or a Turkish ending after the first, the lists are not asked.
    bool may_be_inflected = TurkishEndingEnd(text, words[first].end, words, first + 1) != words[first].end;
    for (std::size_t at = first; at < run_end && !may_be_inflected; ++at)
      may_be_inflected = ForEachEnding(text, read, words[at].start, words[at].end,
                                       [](std::string_view, std::string_view) { return true; });
    if (!may_be_inflected) continue;
    std::size_t last = first;
    bool inflected = false;
    for (std::size_t at = first; at < run_end; ++at) {
      const std::string_view word = text.substr(words[at].start, words[at].end - words[at].start);
      const NameWordKind kind = kind_of(word);
      if (kind != NameWordKind::kName && kind != NameWordKind::kUnknown) break;
      last = at;
      inflected = inflected || (kind == NameWordKind::kUnknown &&
                                InflectedName(text, read, words[at].start, words[at].end, kind_of));
    }
    const std::string_view first_word = text.substr(words[first].start, words[first].end - words[first].start);
    if (!inflected) {
      // A listed name with a Turkish case ending after an apostrophe: the name without it.
      if (kind_of(first_word) != NameWordKind::kName ||
          TurkishEndingEnd(text, words[first].end, words, first + 1) == words[first].end ||
          !LetterWords::Near(read.turkish, words[first].start, words[first].end))
        continue;
      last = first;
    }
    names.push_back({words[first].start, words[last].end, 0.7});
    first = last;
  }
  return names;
}

}  // namespace leakgate::scrub
