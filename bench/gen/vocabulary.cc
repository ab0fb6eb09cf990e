#include "bench/gen/vocabulary.h"

#include <cstdio>
#include <map>

namespace tripline::gen {

const std::vector<Company>& NamedCompanies() {
  // Names are chosen so that none is a substring of a common word or of another name
  // ("Meta Platforms", not "Meta", which "metal" contains).
  static const std::vector<Company> kCompanies = {
      {"NVDA", "Nvidia", "H20 chips", 183.0},
      {"AMD", "AMD", "MI308 accelerators", 172.5},
      {"688256.SS", "Cambricon", "AI chips", 701.0},
      {"0981.HK", "SMIC", "foundry services", 50.2},
      {"TSM", "TSMC", "advanced chips", 240.1},
      {"ASML", "ASML", "lithography machines", 702.4},
      {"AAPL", "Apple", "iPhones", 229.6},
      {"QCOM", "Qualcomm", "smartphone chips", 155.3},
      {"MU", "Micron", "memory chips", 121.8},
      {"AVGO", "Broadcom", "networking chips", 301.2},
      {"BABA", "Alibaba", "cloud services", 120.4},
      {"BIDU", "Baidu", "AI models", 88.9},
      {"0700.HK", "Tencent", "games", 598.0},
      {"1810.HK", "Xiaomi", "smartphones", 52.3},
      {"002594.SZ", "BYD", "electric vehicles", 110.7},
      {"TSLA", "Tesla", "electric vehicles", 331.5},
      {"LRCX", "Lam Research", "chip tools", 101.3},
      {"AMAT", "Applied Materials", "chip tools", 181.6},
      {"KLAC", "KLA Corp", "inspection tools", 882.0},
      {"8035.T", "Tokyo Electron", "chip tools", 230.5},
      {"005930.KS", "Samsung Electronics", "memory chips", 70.1},
      {"000660.KS", "SK Hynix", "HBM chips", 260.4},
      {"ARM", "Arm Holdings", "chip designs", 140.2},
      {"SMCI", "Supermicro", "AI servers", 45.6},
      {"DELL", "Dell Technologies", "AI servers", 120.9},
      {"MSFT", "Microsoft", "cloud services", 520.3},
      {"GOOGL", "Alphabet", "search services", 201.4},
      {"AMZN", "Amazon", "cloud services", 221.7},
      {"META", "Meta Platforms", "social apps", 781.2},
      {"ORCL", "Oracle", "cloud services", 240.8},
      {"CSCO", "Cisco", "networking gear", 68.4},
      {"MRVL", "Marvell", "custom chips", 70.3},
      {"NXPI", "NXP Semiconductors", "auto chips", 220.6},
      {"TXN", "Texas Instruments", "analog chips", 200.2},
      {"ADI", "Analog Devices", "analog chips", 240.5},
      {"ON", "Onsemi", "power chips", 55.1},
      {"GFS", "GlobalFoundries", "foundry services", 35.4},
      {"STM", "STMicroelectronics", "auto chips", 27.3},
      {"IFX.DE", "Infineon", "power chips", 34.2},
      {"NIO", "NIO Inc", "electric vehicles", 6.1},
      {"LI", "Li Auto", "electric vehicles", 23.4},
      {"XPEV", "XPeng", "electric vehicles", 20.2},
      {"BA", "Boeing", "jets", 230.9},
      {"CAT", "Caterpillar", "machinery", 421.3},
      {"DE", "Deere", "tractors", 480.7},
      {"JD", "JD.com", "e-commerce services", 32.1},
      {"PDD", "PDD Holdings", "e-commerce apps", 115.2},
      {"INTC", "Intel", "Xeon processors", 24.3},
  };
  return kCompanies;
}

Company CompanyAt(size_t i) {
  const auto& named = NamedCompanies();
  if (i < named.size()) return named[i];
  static const char* kStart[] = {"Nor", "Vel", "Tra", "Zen", "Quo", "Lum", "Bry",
                                 "Cyr", "Omi", "Pax", "Rho", "Syl", "Tal", "Uxa",
                                 "Vor", "Wex", "Xan", "Yor", "Kel", "Fen"};
  static const char* kMid[] = {"va", "ri", "lo", "ne", "xa", "to", "mi", "ra"};
  static const char* kEnd[] = {"tek",  "tronics", "soft",  "gen",   "link",
                               "dyne", "corp",    "works", "logic", "systems"};
  static const char* kProducts[] = {"sensors", "software", "batteries", "chips",
                                    "servers", "drones",   "robots",    "devices"};
  const size_t k = i - named.size();
  Company c;
  c.name = std::string(kStart[k % 20]) + kMid[(k / 20) % 8] + kEnd[(k / 160) % 10];
  if (k >= 1600) c.name += " " + std::to_string(k / 1600 + 1);
  char sym[16];
  std::snprintf(sym, sizeof(sym), "S%04zu", k);
  c.symbol = sym;
  c.product = kProducts[(k * 7) % 8];
  // A spread of price levels: 8 to ~400, fixed per company.
  c.price = 8.0 + static_cast<double>((k * 2654435761u) % 39000) / 100.0;
  return c;
}

const std::vector<Theme>& Themes() {
  static const std::vector<Theme> kThemes = {
      {"guidance",
       -1,
       {"informal guidance", "window guidance", "urges firms to avoid", "urges companies to avoid",
        "urges local firms to avoid", "discourages firms from using"},
       {"{gov} urges local firms to avoid {co} {prod} in informal guidance",
        "{gov} urges companies to avoid {co} {prod}, sources say",
        "{gov} discourages firms from using {co} {prod}",
        "{co} shares slide after report of informal guidance from {gov}",
        "{gov} issues window guidance on purchases of {co} {prod}"}},
      {"export-controls",
       -1,
       {"export controls", "export restrictions", "export ban", "entity list",
        "licence requirement"},
       {"{gov} tightens export controls on {co} {prod}",
        "{co} hit by new export restrictions from {gov}", "{gov} adds {co} to entity list",
        "{gov} weighs export ban covering {co} {prod}",
        "New licence requirement for {co} {prod} shipments, {gov} says"}},
      {"antitrust",
       -1,
       {"antitrust probe", "antitrust investigation", "anti-monopoly investigation",
        "monopoly probe"},
       {"{gov} opens antitrust probe into {co}", "{co} faces antitrust investigation by {gov}",
        "{gov} launches anti-monopoly investigation of {co}",
        "Regulators widen monopoly probe of {co}, sources say"}},
      {"tariffs",
       -1,
       {"new tariffs", "retaliatory tariffs", "punitive duties", "import duties"},
       {"{gov} announces new tariffs hitting {co} {prod}",
        "{co} exposed as {gov} readies retaliatory tariffs",
        "{gov} slaps punitive duties on {co} {prod}",
        "Higher import duties on {co} {prod} take effect, {gov} says"}},
      {"security-review",
       -1,
       {"security review", "cybersecurity review", "national security risk"},
       {"{gov} orders cybersecurity review of {co} {prod}",
        "{co} {prod} under security review by {gov}", "{gov} calls {co} a national security risk"}},
      {"procurement-ban",
       -1,
       {"procurement ban", "banned from government", "barred from state"},
       {"{gov} imposes procurement ban on {co} {prod}",
        "{co} {prod} banned from government offices, {gov} says",
        "{co} barred from state contracts by {gov}"}},
      {"subsidy",
       1,
       {"subsidy package", "state subsidies", "tax breaks", "preferential policies"},
       {"{gov} unveils subsidy package benefiting {co}",
        "{co} set to gain from new state subsidies, {gov} says",
        "{gov} grants tax breaks to makers of {prod} including {co}",
        "{co} rallies on preferential policies from {gov}"}},
      {"approval",
       1,
       {"wins approval", "clears review", "lifts restrictions", "grants licence"},
       {"{co} wins approval from {gov} for {prod} sales", "{co} deal clears review by {gov}",
        "{gov} lifts restrictions on {co} {prod}", "{gov} grants licence to {co} to ship {prod}"}},
  };
  return kThemes;
}

const std::vector<std::string>& Governments() {
  static const std::vector<std::string> kGov = {"Beijing",
                                                "China",
                                                "Chinese regulators",
                                                "Washington",
                                                "the US Commerce Department",
                                                "Brussels",
                                                "the EU",
                                                "Tokyo",
                                                "Seoul",
                                                "New Delhi",
                                                "the White House",
                                                "the CAC"};
  return kGov;
}

const std::vector<std::string>& Sources() {
  static const std::vector<std::string> kSources = {"Reuters",
                                                    "Bloomberg",
                                                    "CNBC",
                                                    "WSJ",
                                                    "FT",
                                                    "SCMP",
                                                    "Xinhua",
                                                    "Global Times",
                                                    "Nikkei",
                                                    "Caixin",
                                                    "Dow Jones",
                                                    "MarketWatch",
                                                    "Barron's",
                                                    "Yicai",
                                                    "The Information",
                                                    "Axios",
                                                    "Politico",
                                                    "AP",
                                                    "AFP",
                                                    "Kyodo",
                                                    "Yonhap",
                                                    "Handelsblatt",
                                                    "Les Echos",
                                                    "Economic Daily",
                                                    "Securities Times",
                                                    "DigiTimes",
                                                    "The Edge",
                                                    "Mint",
                                                    "Korea Herald",
                                                    "Seeking Alpha",
                                                    "Benzinga",
                                                    "Fly",
                                                    "Investing.com",
                                                    "TheStreet",
                                                    "Forbes",
                                                    "Business Insider",
                                                    "Semafor",
                                                    "Jiemian",
                                                    "21st Century Herald",
                                                    "Sina Finance"};
  return kSources;
}

const std::vector<std::string>& NoiseTemplates() {
  static const std::vector<std::string> kNoise = {
      "{co} shares {updown} ahead of {event}",
      "{co} to report {quarter} earnings on {weekday}",
      "{country} {indicator} {beat} forecasts in {month}",
      "{co} CEO says {topic} demand remains strong",
      "{country}'s central bank keeps lending rates unchanged",
      "{co} partners with {co2} on {topic}",
      "{co} names new chief financial officer",
      "{co} shares {updown} after {analyst} note",
      "Oil prices {updown} as {country} {indicator} data {beat} expectations",
      "{co} opens new office in {city}",
      "{co} to buy back ${n} billion of shares",
      "{country} stocks {updown} as investors await {event}",
      "{co} unveils new {prod} for {customer}",
      "{co} hires former {co2} executive to lead {topic} unit",
      "{co} raises full-year outlook on {topic} strength",
      "{co} stock: what analysts expect before earnings",
      "{co} and {co2} extend {topic} supply agreement",
      "Gold {updown} as traders weigh {country} {indicator}",
      "{co} holds annual developer conference in {city}",
      "{country} {indicator} data due {weekday}",
  };
  return kNoise;
}

const std::vector<std::string>& NearMissTemplates() {
  // Each shares words with a story (a watched name, a policy word) but holds no phrase.
  static const std::vector<std::string> kNearMiss = {
      "{gov} denies issuing guidance against {co} {prod}",
      "{gov} issues new guidance on {topic}",
      "{co} {prod} demand from {customer} stays robust",
      "{co} says export growth remains strong",
      "Analysts debate tariff outlook for {co}",
      "{co} confident ahead of {gov} review of {topic}",
      "{gov} tightens controls on {mineral} mining",
      "{co} says it complies with all export rules",
      "{gov} officials visit {co} plant in {city}",
      "{co} lobbies {gov} over proposed {topic} rules",
      "Report: {gov} considers support for {topic}, no companies named",
      "{co} shares {updown} as {gov} policy talk swirls",
  };
  return kNearMiss;
}

const std::vector<std::string>& SlotWords(const std::string& slot) {
  static const std::map<std::string, std::vector<std::string>> kSlots = {
      {"topic",
       {"AI", "cloud", "data center", "gaming", "autonomous driving", "edge computing", "robotics",
        "5G", "quantum computing", "battery"}},
      {"event",
       {"product event", "earnings", "Fed decision", "jobs report", "CPI data", "investor day",
        "trade talks", "options expiry"}},
      {"country",
       {"US", "China", "Japan", "Germany", "South Korea", "India", "UK", "France", "Brazil",
        "Taiwan"}},
      {"indicator",
       {"retail sales", "factory output", "PMI", "inflation", "exports", "housing starts",
        "jobless claims", "consumer confidence"}},
      {"month",
       {"January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December"}},
      {"weekday", {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}},
      {"quarter", {"first-quarter", "second-quarter", "third-quarter", "fourth-quarter"}},
      {"city",
       {"Singapore", "Munich", "Austin", "Shenzhen", "Bangalore", "Osaka", "Dublin", "Toronto"}},
      {"customer",
       {"hyperscalers", "carmakers", "telecom operators", "gamers", "banks", "hospitals"}},
      {"mineral", {"rare earths", "gallium", "germanium", "graphite", "lithium"}},
      {"updown",
       {"edge higher", "slip", "rise", "fall", "climb", "dip", "rally", "ease", "hold steady"}},
      {"beat", {"beat", "miss", "match", "top", "trail"}},
      {"analyst",
       {"Morgan Stanley", "Goldman Sachs", "JPMorgan", "Citi", "UBS", "Bernstein", "Jefferies"}},
      {"n", {"1", "2", "5", "10", "15", "25"}},
  };
  static const std::vector<std::string> kEmpty;
  auto it = kSlots.find(slot);
  return it == kSlots.end() ? kEmpty : it->second;
}

}  // namespace tripline::gen
