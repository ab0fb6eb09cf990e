#!/usr/bin/env python3
"""Regenerates the default pack's labelled evaluation sets (deterministic; the output is committed):

    python3 rules/packs/china-ai-chips/eval/make_eval.py

Writes dev/ and heldout/, each with headlines.jsonl, prices.jsonl and labels.jsonl
(docs/messages.md, "Labels"). Every headline is its own case, one day apart (beyond every rule's
novelty window and cooldown), published at 14:00 UTC with minute prices 13:40..15:00 for eight
instruments. Expected instruments move 3.5..5% the expected way by 14:30. In cases where nothing
should fire (near-misses, denials) the US names fall and the Chinese names rise all the same, so
only the headline can keep a rule quiet.

Eleven event families of China-US chip policy, each written as several outlets would phrase it,
plus near-misses (same words, another subject: water, hydrogen, property, EVs...) and denials.
The held-out split uses its own templates, fillers and outlets: the pack was tuned on dev only.
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
START = datetime(2026, 1, 5, 14, 0, tzinfo=timezone.utc)
BASE = {"NVDA": 180.0, "AMD": 160.0, "MU": 95.0, "INTC": 22.0, "QCOM": 150.0,
        "688256.SS": 620.0, "688041.SS": 140.0, "0981.HK": 45.0}
US = ["NVDA", "AMD", "MU", "INTC", "QCOM"]
CN = ["688256.SS", "688041.SS", "0981.HK"]

# Named US chip firms: (how the text names it, the instrument).
AI_FIRMS = {
    "dev": [("Nvidia", "NVDA"), ("Nvidia's H20", "NVDA"), ("AMD", "AMD"), ("Nvidia H20", "NVDA"),
            ("AMD's MI308", "AMD")],
    "heldout": [("Nvidia's H20 processors", "NVDA"), ("Advanced Micro Devices", "AMD"),
                ("Nvidia RTX Pro 6000D", "NVDA"), ("Nvidia's B30A", "NVDA")],
}
OTHER_FIRMS = {
    "dev": [("Micron", "MU"), ("Intel", "INTC"), ("Qualcomm", "QCOM"), ("Micron Technology", "MU")],
    "heldout": [("Qualcomm Inc", "QCOM"), ("Intel Corp", "INTC"), ("Micron", "MU")],
}
CLASS_PHRASES = {  # the class: expects NVDA and AMD
    "dev": ["foreign AI chips", "US chips", "American AI chips", "foreign AI accelerators"],
    "heldout": ["US-made AI processors", "American chipmakers' products", "foreign GPUs"],
}
AGENCIES = {
    "dev": ["Beijing", "China's market regulator", "Chinese regulators", "China's cyberspace regulator",
            "China's industry ministry", "Chinese authorities", "the CAC", "China's SAMR"],
    "heldout": ["China's top market regulator", "Chinese officials", "China's commerce ministry",
                "the Cyberspace Administration of China", "Beijing's regulators"],
}
MINERALS = {"dev": ["gallium and germanium", "rare earth", "gallium", "graphite"],
            "heldout": ["antimony and gallium", "germanium", "rare earths"]}
OUTLETS = {"dev": ["Reuters", "Bloomberg", "Caixin", "South China Morning Post", "CNBC"],
           "heldout": ["Financial Times", "Wall Street Journal", "Nikkei Asia", "Reuters"]}

# Family templates: {agency}, {firm} (named US firm), {cls} (class phrase), {other} (another US
# chip firm). Each entry: (template, expected): expected is "firm" (short the named firm),
# "class" (short NVDA and AMD), or a list of (instrument, direction).
T = {
    "procurement_guidance": {
        "dev": [
            ("{agency} urges tech firms to avoid {firm} chips", "firm"),
            ("{agency} tells companies to stop buying {firm} processors", "firm"),
            ("{agency} issues guidance discouraging purchases of {firm} chips", "firm"),
            ("{agency} asked firms to halt orders of {firm} accelerators, sources say", "firm"),
            ("{agency} steers state firms away from {cls}", "class"),
            ("Chinese companies told by {agency} to shun {firm} chips", "firm"),
        ],
        "heldout": [
            ("{agency} quietly discouraged big tech groups from ordering {firm}", "firm"),
            ("Exclusive: {agency} urging local firms to pause purchases of {firm}", "firm"),
            ("{agency} told cloud providers to refrain from buying {cls}", "class"),
        ],
    },
    "datacentre_ban": {
        "dev": [
            ("{agency} bans {cls} from state-funded data centres", "class"),
            ("{agency} bars {firm} chips from new state data center projects", "firm"),
            ("State data centres must remove {cls}, {agency} orders", "class"),
            ("{agency} orders state-backed data centres to phase out {firm} chips", "firm"),
            ("{agency} prohibits {cls} in government data centers", "class"),
        ],
        "heldout": [
            ("New state-funded data centre projects must only use domestic chips and exclude {cls}, says {agency}", "class"),
            ("{agency} forbids {firm} hardware in state data centres", "firm"),
        ],
    },
    "summons_security_review": {
        "dev": [
            ("{agency} summons {firm} over H20 security risks", "firm"),
            ("{agency} launches security review of {firm} chips", "firm"),
            ("{agency} summoned {firm} representatives over alleged backdoor risks", "firm"),
            ("{agency} opens cybersecurity review into {firm} products", "firm"),
        ],
        "heldout": [
            ("{agency} calls in {firm} executives to explain tracking risks in chips", "firm"),
            ("{agency} starts national security review of {firm} sales", "firm"),
        ],
    },
    "antitrust": {
        "dev": [
            ("{agency} finds {firm} violated anti-monopoly law", "firm"),
            ("{agency} says preliminary probe shows {firm} broke antitrust rules", "firm"),
            ("{agency} opens an antitrust probe into {firm}", "firm"),
            ("{agency} launches anti-monopoly investigation of {firm}", "firm"),
        ],
        "heldout": [
            ("{agency} rules {firm} breached China's antimonopoly law over Mellanox deal", "firm"),
            ("{agency} widens antitrust investigation into {firm}", "firm"),
        ],
    },
    "customs_checks": {
        "dev": [
            ("China customs steps up checks on {firm} chip imports", "firm"),
            ("Chinese customs officers crack down on {firm} chip shipments", "firm"),
            ("China's customs intensifies inspections of {cls} at major ports", "class"),
            ("Customs in China tighten scrutiny of {firm} processor imports", "firm"),
        ],
        "heldout": [
            ("China deploys customs teams at ports to inspect {firm} chip cargo", "firm"),
            ("Chinese customs crackdown targets smuggled {cls}", "class"),
        ],
    },
    "us_export_controls": {
        "dev": [
            ("US tightens export controls on advanced AI chips to China", "NVDA:short"),
            ("Commerce Department adds Chinese chip firms to entity list", "NVDA:short"),
            ("US to require licences for {firm} exports to China", "firm:short"),
            ("Washington expands curbs on AI chip sales to China", "NVDA:short"),
            ("US restricts exports of {firm} to China", "firm:short"),
            ("White House weighs new export restrictions on AI chips for China", "NVDA:short"),
            ("US bans sales of {firm} to Chinese customers", "firm:short"),
            ("Commerce Department tightens licensing for {firm} shipments to China", "firm:short"),
        ],
        "heldout": [
            ("US blocks {firm} sales to Chinese customers", "firm:short"),
            ("BIS imposes licence requirement on chip shipments to China", "NVDA:short"),
            ("Trump administration moves to curb AI chip exports to China", "NVDA:short"),
        ],
    },
    "easing_approvals": {
        "dev": [
            ("US grants licences for {firm} sales to China", "firm:long"),
            ("Washington approves {firm} exports to China", "firm:long"),
            ("US lifts curbs on {firm} chip sales to China", "firm:long"),
            ("Beijing lifts ban on Micron chips in critical infrastructure", "MU:long"),
            ("US eases export restrictions on {firm} for China", "firm:long"),
        ],
        "heldout": [
            ("Commerce Department clears {firm} to resume shipments to China", "firm:long"),
            ("US gives {firm} green light to sell chips in China", "firm:long"),
        ],
    },
    "domestic_substitution": {
        "dev": [
            ("Beijing pushes state firms to buy domestic AI chips from Cambricon", "688256.SS:long"),
            ("China mandates domestic chips for new government data centres", "688256.SS:long"),
            ("{agency} orders firms to replace {firm} chips with domestic alternatives",
             "firm:short+688256.SS:long"),
            ("Chinese regulators require homegrown AI chips in state projects", "688256.SS:long"),
            ("China steps up subsidies for domestic AI chipmakers such as Cambricon", "688256.SS:long"),
            ("{agency} promotes local AI chips over {firm} for state buyers",
             "firm:short+688256.SS:long"),
        ],
        "heldout": [
            ("Beijing wants half of AI compute on locally made chips, favouring Huawei Ascend", "688256.SS:long"),
            ("{agency} directs data centres to swap {firm} for domestic accelerators",
             "firm:short+688256.SS:long"),
        ],
    },
    "stockpiling": {
        "dev": [
            ("Chinese tech firms rush to buy {firm} chips ahead of possible US curbs", "firm:long"),
            ("ByteDance, Alibaba stockpiling {firm} GPUs before sanctions", "firm:long"),
            ("Chinese companies scramble to buy {firm} chips before new export rules", "firm:long"),
            ("Tencent and Baidu stockpile AI chips ahead of restrictions", "NVDA:long"),
        ],
        "heldout": [
            ("Chinese cloud providers hoard {firm} processors before curbs take effect", "firm:long"),
            ("Alibaba front-loads {firm} orders ahead of expected ban", "firm:long"),
        ],
    },
    "retaliation_minerals": {
        "dev": [
            ("China curbs {mineral} exports to the US", "NVDA:short"),
            ("Beijing bans exports of {mineral} to United States", "NVDA:short"),
            ("China restricts {mineral} exports in retaliation for chip curbs", "NVDA:short"),
            ("China tightens export controls on {mineral} used in chips", "NVDA:short"),
        ],
        "heldout": [
            ("Beijing halts {mineral} shipments to US in chip dispute", "NVDA:short"),
            ("China imposes licence requirement on {mineral} exports, hitting US chipmakers", "NVDA:short"),
        ],
    },
    "probe_other_firms": {
        "dev": [
            ("{agency} opens probe into {other} over security risks", "other"),
            ("{agency} investigates {other} for anti-dumping violations", "other"),
            ("{agency} launches anti-discrimination investigation into {other}", "other"),
            ("{agency} says {other} products failed cybersecurity review", "other"),
            ("{agency} fines {other} for violating anti-monopoly law", "other"),
        ],
        "heldout": [
            ("{agency} opens a formal probe into {other}", "other"),
            ("{agency} begins investigating {other} chip sales", "other"),
        ],
    },
}

# Same words, other subject; and denials: nothing may fire.
QUIET = {
    "near_miss": {
        "dev": [
            "Beijing urges cities to cut H20 use as drinking water shortage worsens",
            "China bans foreign cosmetics tested on animals from state shops",
            "Beijing urges banks to cut mortgage rates to support property market",
            "China's market regulator opens antitrust probe into food delivery platforms",
            "Chinese firms stockpile copper ahead of tariff increase",
            "US tightens export controls on China's rare earth magnets industry",
            "Beijing promotes electric vehicle subsidies in rural areas",
            "China customs steps up checks on imported seafood",
            "Nvidia unveils new gaming GPUs at Computex",
            "Honda launches H20 hydrogen scooter in China",
            "China's industry ministry urges EV makers to avoid price war",
            "Beijing tells property developers to stop buying land at high prices",
            "Cambricon unveils new training chip at Shanghai expo",
            "AMD launches Instinct accelerators for cloud customers",
            "US lifts tariffs on Chinese solar panels",
            "China pushes domestic hydrogen fuel cell makers with new subsidies",
            "Beijing orders state data centres to cut water use",
            "China summons Japanese ambassador over Taiwan remarks",
            "Chinese regulators probe Tesla over braking complaints",
            "Micron reports record quarterly revenue on AI demand",
            "US grants licences for natural gas exports to Asia",
            "China curbs steel exports to ease trade tensions with EU",
            "Beijing bans exports of hydrogen electrolyser technology",
            "China's market regulator fines property developer for false advertising",
            "Chinese companies rush to buy gold ahead of rate cuts",
            "China mandates domestic software for government PCs",
            "US restricts exports of water purification equipment to Iran",
            "China customs tighten checks on EV battery imports",
        ],
        "heldout": [
            "Beijing discourages local governments from buying foreign cars",
            "China's cyberspace regulator summons Weibo over celebrity gossip",
            "Chinese customs seize smuggled durians at Guangxi border",
            "US approves export of Boeing jets to China",
            "China lifts ban on Australian wine imports",
            "Beijing steers state funds toward property rescue",
            "Alibaba stockpiles cloud capacity ahead of Singles Day",
            "Nvidia's Jensen Huang to keynote Computex next year",
        ],
    },
    "denial": {
        "dev": [
            "China denies urging firms to avoid Nvidia chips",
            "Beijing denies report it banned foreign AI chips from data centres",
            "Commerce Department denies plans for new chip export curbs on China",
            "China's market regulator rejects report of antitrust probe into Nvidia",
            "Nvidia denies its H20 chips have backdoors",
            "China refutes claims of gallium export ban",
            "Chinese customs dismissed reports of checks on Nvidia chips",
            "Beijing says no plans to order firms to replace Nvidia chips",
            "US officials deny report of licence requirement for AMD chip exports to China",
            "Micron denies it is under a new Chinese cybersecurity review",
            "China's industry ministry dismisses report of guidance against AMD chips",
            "Beijing rejects claims it told firms to stop buying Nvidia H20",
        ],
        "heldout": [
            "China's commerce ministry denies banning US chips",
            "White House denies report of new AI chip export rules for China",
            "CAC dismisses report it summoned Nvidia over H20",
        ],
    },
}


def cases(split, rng):
    out = []
    agencies, firms, others = AGENCIES[split], AI_FIRMS[split], OTHER_FIRMS[split]
    classes = CLASS_PHRASES[split]
    per_template = 4 if split == "dev" else 3
    for family, by_split in T.items():
        for template, expected in by_split[split]:
            seen = set()
            for _ in range(per_template * 3):
                if len([c for c in out if c[0] == family and c[3] == template]) >= per_template:
                    break
                agency = rng.choice(agencies)
                firm, firm_sym = rng.choice(firms)
                other, other_sym = rng.choice(others)
                cls = rng.choice(classes)
                mineral = rng.choice(MINERALS[split])
                text = template.format(agency=agency, firm=firm, cls=cls, other=other,
                                       mineral=mineral)
                text = text[0].upper() + text[1:]
                if text in seen:
                    continue
                seen.add(text)
                if expected == "class":
                    exp = [("AMD", "short"), ("NVDA", "short")]
                else:  # "firm", "other" (short), or "WHO:DIR+WHO:DIR"
                    exp = []
                    for part in expected.split("+"):
                        who, _, direction = part.partition(":")
                        sym = {"firm": firm_sym, "other": other_sym}.get(who, who)
                        exp.append((sym, direction or "short"))
                out.append((family, text, exp, template))
    for family, by_split in QUIET.items():
        for text in by_split[split]:
            out.append((family, text, [], text))
    return out


def price_lines(day, expected, rng):
    moves = {}
    for sym in BASE:
        want = [d for s, d in expected if s == sym]
        if want:
            size = rng.uniform(0.035, 0.05)
            moves[sym] = -size if want[0] == "short" else size
        elif not expected:  # adversarial: the market moves as if the story were true
            moves[sym] = -0.04 if sym in US else 0.04
        else:
            moves[sym] = rng.uniform(-0.004, 0.004)
    return minute_trades(day, moves, BASE, rng)


def minute_trades(day, moves, base_prices, rng):
    """Trades every 10 minutes 13:40..15:00 for each instrument of `base_prices`, each moving
    by moves[sym] from 14:00 to 14:30, with noise (corpus/make_corpus.py writes the same)."""
    lines = []
    for minute in range(-20, 61, 10):  # 13:40 .. 15:00
        t = day + timedelta(minutes=minute)
        frac = min(max(minute, 0) / 30.0, 1.0)  # the move builds from 14:00 to 14:30
        for sym, base in base_prices.items():
            price = base * (1 + moves[sym] * frac) * (1 + rng.uniform(-0.0005, 0.0005))
            lines.append({"sym": sym, "ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          "price": round(price, 4), "kind": "trade"})
    return lines


def write(split, seed, first_day):
    rng = random.Random(seed)
    cs = cases(split, rng)
    rng.shuffle(cs)
    d = os.path.join(HERE, split)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "headlines.jsonl"), "w") as h, \
            open(os.path.join(d, "prices.jsonl"), "w") as p, \
            open(os.path.join(d, "labels.jsonl"), "w") as lab:
        for i, (family, text, exp, _) in enumerate(cs):
            day = first_day + timedelta(days=i)
            hid = f"{split}-{i + 1:03d}"
            h.write(json.dumps({"id": hid, "ts": day.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "source": rng.choice(OUTLETS[split]), "headline": text}) + "\n")
            for line in price_lines(day, exp, rng):
                p.write(json.dumps(line, separators=(",", ":")) + "\n")
            lab.write(json.dumps({"headline_id": hid, "family": family,
                                  "expect": [{"instrument": s, "direction": x}
                                             for s, x in sorted(set(exp))]}) + "\n")
    return len(cs)


if __name__ == "__main__":
    n_dev = write("dev", 11, START)
    n_held = write("heldout", 29, START + timedelta(days=1000))
    print(f"dev {n_dev} headlines, heldout {n_held} headlines")
