"""Content of the demo academy: three courses tied to realistic research projects.

Plain data, read by ``courses/demo/loader.py``. Quiz questions are
``(question, multiple_choice, [(option, correct, feedback), ...])``.
"""

DEMO_PASSWORD = "academy-demo-2026"  # noqa: S105 (demo accounts only)

# username, first name, last name, e-mail, group, superuser, printed name, language
PEOPLE = [
    ("admin", "Ada", "Admin", "admin@academy.example", None, True, "Ada Admin", "en"),
    (
        "editor",
        "Eva",
        "Petrauskaitė",
        "editor@academy.example",
        "Editors",
        False,
        "Eva Petrauskaitė",
        "lt",
    ),
    (
        "trainer",
        "Tomas",
        "Dubois",
        "trainer@academy.example",
        "Trainers",
        False,
        "Tomas Dubois",
        "fr",
    ),
    (
        "learner1",
        "Amina",
        "Haddad",
        "amina@example.org",
        None,
        False,
        "Amina Haddad",
        "en",
    ),
    (
        "learner2",
        "Jonas",
        "Kazlauskas",
        "jonas@example.org",
        None,
        False,
        "Jonas Kazlauskas",
        "lt",
    ),
    (
        "learner3",
        "Eleni",
        "Papadopoulou",
        "eleni@example.org",
        None,
        False,
        "Ελένη Παπαδοπούλου",
        "el",
    ),
]

# course slug, name, start (days from today), end (days), place, partner, capacity,
# open, sessions: (title, days from today, place)
COHORTS = [
    (
        "air-quality-monitoring",
        "City libraries cohort",
        -30,
        60,
        "Central Library",
        "City Library Network",
        24,
        True,
        [
            ("Welcome and tube handling", -28, "Central Library, room 2"),
            ("Results evening", 50, "Central Library, auditorium"),
        ],
    ),
    (
        "urban-biodiversity-survey",
        "Museum cohort",
        20,
        110,
        "Natural History Museum",
        "Natural History Museum",
        20,
        True,
        [
            ("Pollinator identification workshop", 25, "Museum education centre"),
            ("Transect walk in the botanical garden", 40, "Botanical garden gate"),
        ],
    ),
    (
        "community-health-inequality",
        "North district cohort",
        -60,
        30,
        "North district community centre",
        "Community Health Forum",
        12,
        False,
        [
            ("Introduction and consent", -55, "Community centre, hall"),
            ("Interview practice", -41, "Community centre, hall"),
            ("Coding workshop", -20, "Community centre, library"),
        ],
    ),
]

SIGNATORIES = [
    ("Dr Jana Novák", "Director, Citizen Science Centre"),
    ("Tomas Dubois", "Lead trainer"),
]

ACADEMY_SETTINGS = {
    "academy_name": "Citizen Science Academy",
    "issuer_name": "Open University of the Lowlands, Citizen Science Centre",
    "issuer_url": "https://academy.example",
    "contact_email": "academy@academy.example",
}

HOME = {
    "title": "Citizen Science Academy",
    "intro": (
        "Learn to take part in real research on the air we breathe, the nature "
        "around us and the health of our neighbourhoods, and get certified for "
        "what you can do."
    ),
}

COURSE_INDEX = {
    "title": "Courses",
    "intro": (
        "<p>Every course is linked to a live research project. You learn by doing "
        "real fieldwork, and trainers sign off your practical work.</p>"
    ),
}

PARTNERS = [
    (
        "City Library Network",
        "https://libraries.example",
        "Public libraries that host our in-person sessions and lend equipment.",
    ),
    (
        "Clean Air Coalition",
        "https://cleanair.example",
        "A federation of residents' groups campaigning for cleaner air.",
    ),
    (
        "Natural History Museum",
        "https://museum.example",
        "The museum's entomologists verify species records from our surveys.",
    ),
    (
        "Urban Parks Department",
        "https://parks.example",
        "The city department that manages parks and green spaces.",
    ),
    (
        "Community Health Forum",
        "https://healthforum.example",
        "A network of community organisations working on health equity.",
    ),
]

COURSE_SPECIFIC_DOMAINS = [
    (
        "air-quality-measurement",
        "Air quality measurement",
        "Measuring pollutants with passive samplers and making sense of the results.",
        [
            (
                "AQ-1",
                "Deploy passive samplers to protocol",
                "Places, exposes and collects diffusion tubes as the protocol requires, "
                "and records exposure times exactly.",
            ),
            (
                "AQ-2",
                "Interpret nitrogen dioxide concentrations",
                "Compares measured concentrations with legal limits and health guidelines "
                "and explains what they mean for a street.",
            ),
        ],
    ),
    (
        "species-identification",
        "Species identification",
        "Recognising urban plants and pollinators and recording them verifiably.",
        [
            (
                "SI-1",
                "Identify common pollinator groups",
                "Tells bumblebees, solitary bees, hoverflies, butterflies and other "
                "insects apart in the field.",
            ),
            (
                "SI-2",
                "Document observations with verifiable photos",
                "Takes photos that let an expert confirm an identification, and links "
                "them to the record.",
            ),
        ],
    ),
    (
        "participatory-health-research",
        "Participatory health research",
        "Researching health with communities rather than on them.",
        [
            (
                "PH-1",
                "Conduct a respectful semi-structured interview",
                "Uses an interview guide flexibly, listens actively and keeps the "
                "participant in control of what they share.",
            ),
            (
                "PH-2",
                "Anonymise qualitative data",
                "Removes or changes details in transcripts that could identify a "
                "participant, without losing meaning.",
            ),
        ],
    ),
]

# ---------------------------------------------------------------------------
# Course 1: air quality
# ---------------------------------------------------------------------------
AIR_QUALITY = {
    "slug": "air-quality-monitoring",
    "title": "Air Quality Monitoring for Neighbourhoods",
    "summary": (
        "Measure nitrogen dioxide on your street with diffusion tubes, and help "
        "build the most detailed air pollution map our city has ever had."
    ),
    "description": (
        "<p>Traffic fumes are the main source of nitrogen dioxide (NO₂) in cities, "
        "and the streets with the worst air are often where people with the least "
        "choice live. Official monitors are few and far between. In this course you "
        "learn to measure NO₂ yourself with a simple, lab-analysed method, and your "
        "measurements become part of the Clean Air Streets data set.</p>"
        "<p>No background in science is needed. You will spend about half the "
        "course outside, and attend two sessions at your local library.</p>"
    ),
    "project": {
        "name": "Clean Air Streets",
        "description": (
            "A city-wide study of nitrogen dioxide at 600 street locations, run by "
            "the university's environmental science group with residents' groups. "
            "Results inform the city's low-emission zone review."
        ),
        "url": "https://cleanairstreets.example",
    },
    "partners": ["City Library Network", "Clean Air Coalition"],
    "delivery_mode": "blended",
    "location": "City libraries and online",
    "language": "en",
    "effort_hours": 16,
    "domains": ["air-quality-measurement"],
    "rule": {
        "pass_mark": 70,
        "evidence": True,
        "attendance": True,
        "min_attendance": 50,
        "validity_months": 36,
    },
    "modules": [
        {
            "slug": "why-air-quality-matters",
            "title": "Why air quality matters",
            "hours": 2,
            "introduction": (
                "<p>What nitrogen dioxide is, where it comes from, why it matters "
                "for health, and how residents' measurements have changed city "
                "policy before.</p>"
            ),
            "competencies": ["RM-1", "AQ-2", "CD-1"],
            "lessons": [
                {
                    "slug": "what-is-no2",
                    "title": "What is nitrogen dioxide?",
                    "summary": "The pollutant we measure and where it comes from.",
                    "minutes": 15,
                    "body": [
                        (
                            "text",
                            "<p>Nitrogen dioxide (NO₂) is a gas formed when fuel burns "
                            "at high temperature, above all in diesel engines. In a "
                            "city, most of the NO₂ you breathe at street level comes "
                            "from road traffic within a few hundred metres.</p>"
                            "<p>Because it comes from traffic, NO₂ varies a lot from "
                            "street to street: a busy junction can have twice the "
                            "concentration of a quiet side street just one block away. "
                            "That is why many measurement points tell us far more than "
                            "a few official monitors.</p>"
                            "<h2>How we measure it</h2>"
                            "<p>We use <b>diffusion tubes</b>: small plastic tubes with "
                            "a chemical at the closed end that absorbs NO₂ from the air. "
                            "After about four weeks a laboratory measures how much was "
                            "absorbed, which tells us the average concentration over "
                            "that time.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "info",
                                "title": "Units",
                                "body": "<p>Concentrations are given in micrograms per "
                                "cubic metre (µg/m³). The EU annual limit value "
                                "is 40 µg/m³; the WHO guideline is 10 µg/m³.</p>",
                            },
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "Where does most of the NO₂ at street level in a "
                                        "city come from?",
                                        False,
                                        [
                                            (
                                                "Road traffic nearby",
                                                True,
                                                "Yes: mainly diesel engines within a few "
                                                "hundred metres.",
                                            ),
                                            (
                                                "Factories outside the city",
                                                False,
                                                "They contribute, but street-level NO₂ is "
                                                "dominated by local traffic.",
                                            ),
                                            (
                                                "Trees and plants",
                                                False,
                                                "Plants do not emit NO₂.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "What does a diffusion tube tell us?",
                                        False,
                                        [
                                            (
                                                "The average concentration over the exposure "
                                                "period",
                                                True,
                                                "Correct: it integrates over "
                                                "about four weeks.",
                                            ),
                                            (
                                                "The concentration at the moment you collect it",
                                                False,
                                                "No, it cannot show short peaks.",
                                            ),
                                        ],
                                    ),
                                ],
                                "competencies": ["AQ-2"],
                            },
                        ),
                    ],
                },
                {
                    "slug": "health-and-inequality",
                    "title": "Air pollution, health and inequality",
                    "summary": "Who breathes the worst air, and why that matters.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>Long-term exposure to NO₂ is linked to asthma in "
                            "children, reduced lung growth and heart and lung disease. "
                            "The burden is not shared equally: in many European cities "
                            "the neighbourhoods next to main roads are also those with "
                            "lower incomes and fewer green spaces.</p>"
                            "<p>Residents of those streets often have the least say in "
                            "decisions about traffic. Measurements made by residents "
                            "themselves are a way to put their experience on the map, "
                            "literally.</p>",
                        ),
                        (
                            "reflection",
                            {
                                "prompt": "Think of the streets you walk along every day. "
                                "Where do you expect the air to be worst, and "
                                "who lives there?",
                                "guidance": "Keep your answer: you will compare it with "
                                "your measurements at the end of the course.",
                            },
                        ),
                    ],
                },
                {
                    "slug": "residents-changed-policy",
                    "title": "How residents' measurements changed policy",
                    "summary": "Lessons from earlier citizen science on air quality.",
                    "minutes": 15,
                    "body": [
                        (
                            "text",
                            "<p>In 2016, a residents' campaign in Brussels placed "
                            "diffusion tubes at hundreds of locations and found limit "
                            "values exceeded in many streets without an official "
                            "monitor. Similar projects in London, Antwerp and Madrid "
                            "have informed low-emission zones and school streets.</p>"
                            "<p>What made those projects credible was not expensive "
                            "equipment but a <b>careful, shared protocol</b> that every "
                            "volunteer followed, and open reporting of the method and "
                            "its limits. That is what this course teaches.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "Credibility comes from method",
                                "body": "<p>A single tube placed carelessly can be "
                                "dismissed; six hundred placed by the same "
                                "protocol cannot.</p>",
                            },
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "planning-your-site",
            "title": "Planning your monitoring site",
            "hours": 3,
            "introduction": (
                "<p>Choosing a site that follows the protocol, getting permission, "
                "staying safe and recording everything another person needs to "
                "find and trust your site.</p>"
            ),
            "competencies": ["RM-2", "RM-4", "FW-1", "FW-3"],
            "lessons": [
                {
                    "slug": "choosing-a-site",
                    "title": "Choosing a site by the protocol",
                    "summary": "Height, distance from the kerb and what to avoid.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>The protocol asks for tubes to be fixed to a lamp "
                            "post, drainpipe or sign post:</p>"
                            "<ul><li>at a height of 2 to 2.5 metres, out of easy reach;"
                            "</li><li>between 1 and 5 metres from the kerb;</li>"
                            "<li>at least 1 metre from walls, hedges and bus shelters, "
                            "which block air flow;</li><li>away from boiler flues, "
                            "kitchen extractors and smokers' corners, which would give "
                            "a local peak that is not typical of the street.</li></ul>"
                            "<p>If a site breaks one of these rules, choose another lamp "
                            "post nearby rather than bending the rule: comparability "
                            "across hundreds of sites matters more than any one "
                            "location.</p>",
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "Which of these sites follow the protocol?",
                                        True,
                                        [
                                            (
                                                "A lamp post 2 m from the kerb, tube at 2.2 m",
                                                True,
                                                "Good: height and distance are right.",
                                            ),
                                            (
                                                "A drainpipe next to a kitchen extractor",
                                                False,
                                                "The extractor would give a local peak.",
                                            ),
                                            (
                                                "A sign post 3 m from the kerb, tube at 2.4 m",
                                                True,
                                                "Good.",
                                            ),
                                            (
                                                "Inside a bus shelter, out of the rain",
                                                False,
                                                "Shelters block air flow.",
                                            ),
                                        ],
                                    ),
                                ],
                                "competencies": ["RM-2"],
                            },
                        ),
                    ],
                },
                {
                    "slug": "permission-and-safety",
                    "title": "Permission and safety",
                    "summary": "Who to ask, and how to work safely near traffic.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>Lamp posts belong to the city, which has agreed to the "
                            "project: carry the permission letter from the resources "
                            "below. For a drainpipe or a private sign you need the "
                            "owner's agreement; explain the project briefly and leave a "
                            "project leaflet.</p>",
                        ),
                        (
                            "document",
                            {
                                "file": "permission-letter.txt",
                                "title": "Permission letter from the city",
                                "description": "Print it and carry it while you fix and collect your tube.",
                            },
                        ),
                        (
                            "callout",
                            {
                                "kind": "safety",
                                "title": "Working near traffic",
                                "body": "<ul><li>Never stand in the road or on a traffic "
                                "island.</li><li>Use a step ladder only on the "
                                "pavement, with a second person holding it.</li>"
                                "<li>Wear the high-visibility vest from your kit."
                                "</li></ul>",
                            },
                        ),
                        (
                            "activity",
                            {
                                "title": "Write a risk assessment for your site",
                                "kind": "fieldwork",
                                "instructions": "<p>Visit your chosen site and fill in "
                                "the one-page risk assessment: hazards, "
                                "who could be harmed, and what you will "
                                "do to reduce each risk.</p>",
                                "evidence": ["file", "text"],
                                "competencies": ["FW-1"],
                                "minutes": 40,
                            },
                        ),
                    ],
                },
                {
                    "slug": "recording-site-metadata",
                    "title": "Recording your site",
                    "summary": "The details that make a measurement reusable.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>A measurement without its context is almost useless. "
                            "For each site, record:</p>"
                            "<ol><li>the coordinates (from your phone's map, to 5 "
                            "decimal places);</li><li>the street name and a short "
                            "description;</li><li>the height of the tube and its "
                            "distance from the kerb;</li><li>two photos: one close-up "
                            "and one showing the street;</li><li>anything unusual, such "
                            "as road works or a bus stop.</li></ol>",
                        ),
                        (
                            "document",
                            {
                                "file": "site-record-template.csv",
                                "title": "Site record template",
                                "description": "One row per site; open it in any spreadsheet program.",
                            },
                        ),
                        (
                            "activity",
                            {
                                "title": "Record your site",
                                "kind": "data_collection",
                                "instructions": "<p>Fill in the site record for your "
                                "location and upload the two photos.</p>",
                                "evidence": ["photo", "data"],
                                "competencies": ["RM-4"],
                                "minutes": 30,
                            },
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "deploying-and-collecting",
            "title": "Deploying and collecting tubes",
            "hours": 5,
            "introduction": (
                "<p>The practical heart of the course: handling tubes without "
                "contaminating them, exposing them for the right time and getting "
                "them to the laboratory intact.</p>"
            ),
            "competencies": ["AQ-1", "FW-2", "FW-4", "RM-3"],
            "lessons": [
                {
                    "slug": "handling-tubes",
                    "title": "Handling diffusion tubes",
                    "summary": "Keeping tubes clean from the fridge to the lamp post.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>Tubes arrive sealed and must be kept in the fridge "
                            "until the start date. Touch only the outside. Remove the "
                            "white cap at the bottom only when the tube is fixed in "
                            "place, and keep the cap in the bag: you will need it at "
                            "collection.</p>"
                            "<p>Every batch includes a <b>travel blank</b>: a tube that "
                            "goes everywhere the others go but is never opened. The "
                            "laboratory uses it to check that tubes were not "
                            "contaminated on the way.</p>",
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "What is the travel blank for?",
                                        False,
                                        [
                                            (
                                                "To detect contamination during transport and "
                                                "storage",
                                                True,
                                                "Exactly.",
                                            ),
                                            (
                                                "A spare in case a tube is lost",
                                                False,
                                                "No: it must never be opened or exposed.",
                                            ),
                                        ],
                                    ),
                                ],
                                "competencies": ["AQ-1"],
                            },
                        ),
                    ],
                },
                {
                    "slug": "exposure-and-collection",
                    "title": "Exposure and collection",
                    "summary": "Start and end times, and what to do when things go wrong.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>All tubes in the city go up on the same day and come "
                            "down four weeks later, so that results are comparable. "
                            "Write down the exact date and time you uncap each tube, "
                            "and again when you recap it.</p>"
                            "<p>If a tube is missing, damaged or has fallen, do not "
                            "replace it mid-period: record what happened and send back "
                            "whatever is left. A documented gap is better than a "
                            "measurement we cannot interpret.</p>",
                        ),
                        (
                            "activity",
                            {
                                "title": "Deploy and collect your tube",
                                "kind": "fieldwork",
                                "instructions": "<p>Fix your tube on the start day, "
                                "photograph it in place, and collect "
                                "it four weeks later. Hand in your "
                                "exposure log with both times.</p>",
                                "evidence": ["photo", "data"],
                                "competencies": ["AQ-1", "FW-4"],
                                "minutes": 90,
                            },
                        ),
                    ],
                },
                {
                    "slug": "shipping-to-the-lab",
                    "title": "Getting tubes to the laboratory",
                    "summary": "Chain of custody, so every result can be traced.",
                    "minutes": 15,
                    "body": [
                        (
                            "text",
                            "<p>Bring collected tubes, capped and in their labelled "
                            "bag, to your library drop-off point within three days. "
                            "Sign the custody sheet. The project team ships all tubes "
                            "together, with the travel blanks, to the accredited "
                            "laboratory.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "warning",
                                "title": "Keep tubes cool and dark",
                                "body": "<p>Heat and sunlight can change the result. "
                                "Never leave tubes in a car.</p>",
                            },
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "from-results-to-a-map",
            "title": "From lab results to a map",
            "hours": 4,
            "introduction": (
                "<p>Entering and checking results, adjusting for the known bias of "
                "the method, and telling your neighbours and the council what you "
                "found.</p>"
            ),
            "competencies": ["DA-1", "DA-4", "CD-2", "CD-3"],
            "lessons": [
                {
                    "slug": "entering-results",
                    "title": "Entering and checking results",
                    "summary": "From the lab's spreadsheet to a clean data set.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>The laboratory returns a concentration for each tube "
                            "code. Match each code to your site record, and check for "
                            "the usual mistakes: swapped codes, impossible values "
                            "(negative, or above 150 µg/m³) and exposure periods that "
                            "differ from the agreed dates.</p>"
                            "<p>Never delete a suspicious value: flag it and write "
                            "down why.</p>",
                        ),
                        (
                            "document",
                            {
                                "file": "sample-results.csv",
                                "title": "Sample laboratory results",
                                "description": "Twelve tubes from last spring, with five errors to find.",
                            },
                        ),
                        (
                            "activity",
                            {
                                "title": "Clean a sample data set",
                                "kind": "data_collection",
                                "instructions": "<p>Download the sample results, find "
                                "and flag the five errors hidden in "
                                "it, and upload your corrected file "
                                "with a note of what you changed.</p>",
                                "evidence": ["data", "text"],
                                "competencies": ["DA-1"],
                                "minutes": 45,
                            },
                        ),
                    ],
                },
                {
                    "slug": "bias-adjustment",
                    "title": "Bias adjustment and annual means",
                    "summary": "Why we correct diffusion tube results.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>Diffusion tubes tend to read a little high or low "
                            "compared with reference monitors. By placing three tubes "
                            "next to an official monitor, the project calculates a "
                            "<b>bias adjustment factor</b> that is applied to every "
                            "result.</p>"
                            "<p>A four-week average is not an annual mean. We compare "
                            "one month at our sites with the same month at the "
                            "reference monitor to estimate annual means, and we always "
                            "say that they are estimates.</p>",
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "A tube reads 48 µg/m³ and the bias adjustment "
                                        "factor is 0.9. What is the adjusted value?",
                                        False,
                                        [
                                            (
                                                "43 µg/m³",
                                                True,
                                                "Right: 48 × 0.9 = 43.2.",
                                            ),
                                            (
                                                "53 µg/m³",
                                                False,
                                                "That would be dividing by 0.9.",
                                            ),
                                            (
                                                "48 µg/m³",
                                                False,
                                                "The factor must be applied.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "Can we say a street breaks the annual limit from "
                                        "one month of data?",
                                        False,
                                        [
                                            (
                                                "Only as an estimate, with its uncertainty",
                                                True,
                                                "Yes: be clear about what one month "
                                                "can show.",
                                            ),
                                            (
                                                "Yes, always",
                                                False,
                                                "One month can be unusual.",
                                            ),
                                        ],
                                    ),
                                ],
                                "competencies": ["DA-4"],
                            },
                        ),
                    ],
                },
                {
                    "slug": "sharing-results",
                    "title": "Sharing results with neighbours and the council",
                    "summary": "Maps, plain words and honest limits.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>Results go back to residents first: a street meeting, "
                            "a poster in the library and a simple map with colours "
                            "that people who are colour-blind can tell apart. Then we "
                            "present them to the council's transport committee.</p>"
                            "<p>Say what you found, how, and what it cannot show. "
                            "Honesty about limits is what makes people trust the "
                            "rest.</p>",
                        ),
                        (
                            "reflection",
                            {
                                "prompt": "Look back at your guess from the first "
                                "module. Did your measurements surprise you?",
                                "guidance": "",
                            },
                        ),
                    ],
                },
            ],
        },
    ],
}

# ---------------------------------------------------------------------------
# Course 2: urban biodiversity
# ---------------------------------------------------------------------------
BIODIVERSITY = {
    "slug": "urban-biodiversity-survey",
    "title": "Urban Biodiversity Survey",
    "summary": (
        "Count pollinators and wildflowers in parks, verges and gardens, and show "
        "which kinds of urban green space support the most life."
    ),
    "description": (
        "<p>Cities can be surprisingly rich in wildlife, but how a park or a road "
        "verge is managed makes a great difference. City Nature Count compares "
        "mown and unmown grassland, gardens and brownfield sites across the city, "
        "and needs many observers through the summer.</p>"
        "<p>You learn to run standard timed counts and transects, identify the main "
        "groups of pollinators and record observations that experts can verify.</p>"
    ),
    "project": {
        "name": "City Nature Count",
        "description": (
            "A five-year study with the Natural History Museum and the Parks "
            "Department on how mowing regimes affect pollinators and wildflowers."
        ),
        "url": "https://citynaturecount.example",
    },
    "partners": ["Natural History Museum", "Urban Parks Department"],
    "delivery_mode": "in_person",
    "location": "City parks, with sessions at the Natural History Museum",
    "language": "en",
    "effort_hours": 12,
    "domains": ["species-identification"],
    "rule": {
        "pass_mark": 60,
        "evidence": True,
        "attendance": True,
        "min_attendance": 75,
        "validity_months": None,
    },
    "modules": [
        {
            "slug": "urban-ecology",
            "title": "Introduction to urban ecology",
            "hours": 2,
            "introduction": (
                "<p>Why cities matter for wildlife, who the pollinators are, and "
                "how to survey without harming what you study.</p>"
            ),
            "competencies": ["RM-1", "RE-3", "SI-1"],
            "lessons": [
                {
                    "slug": "cities-and-wildlife",
                    "title": "Why cities matter for wildlife",
                    "summary": "Green spaces as habitat, and what threatens them.",
                    "minutes": 15,
                    "body": [
                        (
                            "text",
                            "<p>Parks, cemeteries, railway banks, gardens and even "
                            "roundabouts together make up a large share of a city's "
                            "area. For many insects they are a patchwork of habitats "
                            "connected by corridors of green.</p>"
                            "<p>Frequent mowing, paving and pesticide use reduce the "
                            "flowers that pollinators need. Some cities now leave "
                            "parts of parks unmown until late summer. Our question is "
                            "simple: <b>does it work?</b></p>",
                        ),
                        (
                            "reflection",
                            {
                                "prompt": "Which green spaces near you are mown short, "
                                "and which are left to grow?",
                                "guidance": "",
                            },
                        ),
                    ],
                },
                {
                    "slug": "pollinators-101",
                    "title": "Meet the pollinators",
                    "summary": "Bumblebees, solitary bees, hoverflies and butterflies.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>We count six groups: <b>bumblebees</b> (large, furry, "
                            "often banded), <b>honeybees</b>, <b>solitary bees</b> "
                            "(many small species, often darker), <b>hoverflies</b> "
                            "(wasp-like but with one pair of wings and big eyes), "
                            "<b>butterflies and moths</b>, and <b>other insects</b> "
                            "such as beetles visiting flowers.</p>"
                            "<p>You do not need to name species. Getting the group "
                            "right, every time, is what makes the data useful.</p>",
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "An insect looks like a wasp but hovers in place "
                                        "and has huge eyes. What is it most likely?",
                                        False,
                                        [
                                            (
                                                "A hoverfly",
                                                True,
                                                "Yes: flies have one pair of wings and large "
                                                "eyes.",
                                            ),
                                            (
                                                "A solitary bee",
                                                False,
                                                "Bees do not hover like this.",
                                            ),
                                            (
                                                "A wasp",
                                                False,
                                                "Wasps rarely hover in one place.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "Which groups do we count separately?",
                                        True,
                                        [
                                            ("Bumblebees", True, ""),
                                            ("Hoverflies", True, ""),
                                            (
                                                "Spiders",
                                                False,
                                                "Spiders are not pollinators.",
                                            ),
                                            ("Butterflies and moths", True, ""),
                                        ],
                                    ),
                                ],
                                "competencies": ["SI-1"],
                            },
                        ),
                    ],
                },
                {
                    "slug": "survey-ethics",
                    "title": "Surveying without harm",
                    "summary": "Respecting wildlife, sites and the public.",
                    "minutes": 15,
                    "body": [
                        (
                            "text",
                            "<p>We observe; we do not catch. Nets and collecting are "
                            "left to licensed experts. Keep to paths where you can, "
                            "do not trample flower-rich areas, and never disturb nests."
                            "</p><p>People may ask what you are doing: wear your "
                            "project badge and explain. Many of our best volunteers "
                            "joined after such a conversation.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "safety",
                                "title": "Stings and allergies",
                                "body": "<p>Tell your trainer if you are allergic to "
                                "stings and carry your medication.</p>",
                            },
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "survey-methods",
            "title": "Survey methods",
            "hours": 5,
            "introduction": (
                "<p>Two standard methods, timed flower counts and walked transects, "
                "and how to record what you see so an expert can check it.</p>"
            ),
            "competencies": ["RM-2", "RM-4", "FW-2", "SI-2"],
            "lessons": [
                {
                    "slug": "timed-counts",
                    "title": "Ten-minute flower counts",
                    "summary": "A standard count anyone can repeat.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>Choose a 50 × 50 cm patch of flowers. For exactly ten "
                            "minutes, count every insect that lands on a flower in the "
                            "patch, by group. Record the flower species, the weather "
                            "(sun, cloud, wind) and the temperature.</p>"
                            "<p>Only count in dry weather above 13 °C, between 10:00 "
                            "and 17:00, when insects are active. Counts outside these "
                            "conditions are not comparable.</p>",
                        ),
                        (
                            "activity",
                            {
                                "title": "Do three ten-minute counts",
                                "kind": "data_collection",
                                "instructions": "<p>Do three counts in different green "
                                "spaces on different days. Upload your "
                                "count sheets and one photo of each "
                                "patch.</p>",
                                "evidence": ["data", "photo"],
                                "competencies": ["RM-2", "SI-1"],
                                "minutes": 60,
                            },
                        ),
                    ],
                },
                {
                    "slug": "transects",
                    "title": "Walking a transect",
                    "summary": "Counting along a fixed route through a site.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>A transect is a fixed route, divided into sections, "
                            "walked at a steady pace. You count pollinators within "
                            "2.5 m either side and 5 m ahead. Because the route is the "
                            "same every time, changes over the season and between "
                            "years show up clearly.</p>",
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "Why is a transect always walked along the same "
                                        "route?",
                                        False,
                                        [
                                            (
                                                "So that counts can be compared over time",
                                                True,
                                                "Exactly.",
                                            ),
                                            (
                                                "Because it is the quickest route",
                                                False,
                                                "Speed is not the reason.",
                                            ),
                                        ],
                                    ),
                                ],
                                "competencies": ["RM-2"],
                            },
                        ),
                    ],
                },
                {
                    "slug": "verifiable-records",
                    "title": "Records an expert can verify",
                    "summary": "Photos, dates, places: what makes a record count.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>The museum's entomologists check a sample of records. "
                            "A good photo shows the insect from above and the side, "
                            "sharp, with something for scale. Each record needs a date, "
                            "a place (coordinates) and your name as recorder.</p>",
                        ),
                        (
                            "activity",
                            {
                                "title": "Photograph five pollinators",
                                "kind": "fieldwork",
                                "instructions": "<p>Photograph five insects from at "
                                "least three groups and name the group "
                                "for each.</p>",
                                "evidence": ["photo", "text"],
                                "competencies": ["SI-2"],
                                "minutes": 45,
                            },
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "data-quality-and-sharing",
            "title": "Data quality and sharing",
            "hours": 3,
            "introduction": (
                "<p>Entering records, summarising a season of counts and sharing "
                "data openly so others can build on it.</p>"
            ),
            "competencies": ["DA-1", "DA-2", "CD-4", "TC-4"],
            "lessons": [
                {
                    "slug": "entering-records",
                    "title": "Entering your records",
                    "summary": "A tidy spreadsheet: one row per observation.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>Enter one row per count, with one column per group. "
                            "Use the project's template: the column names and units "
                            "are fixed so that everyone's data can be combined. Check "
                            "dates and coordinates twice; they are the most common "
                            "errors.</p>",
                        ),
                    ],
                },
                {
                    "slug": "summarising-a-season",
                    "title": "Summarising a season",
                    "summary": "Averages, spread and a fair chart.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>Compare the average number of visits per count in mown "
                            "and unmown sites, and look at the spread: a few very high "
                            "counts can pull an average up. A box plot or dot plot "
                            "shows both.</p>",
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "Why show the spread and not just the average?",
                                        False,
                                        [
                                            (
                                                "A few extreme counts can make averages "
                                                "misleading",
                                                True,
                                                "Yes.",
                                            ),
                                            (
                                                "Because averages are always wrong",
                                                False,
                                                "Averages are useful, just not alone.",
                                            ),
                                        ],
                                    ),
                                ],
                                "competencies": ["DA-2"],
                            },
                        ),
                    ],
                },
                {
                    "slug": "open-data",
                    "title": "Sharing data openly",
                    "summary": "Licences, credit and the national biodiversity network.",
                    "minutes": 15,
                    "body": [
                        (
                            "text",
                            "<p>Verified records are shared with the national "
                            "biodiversity data network under a CC BY licence: anyone "
                            "can use them if they credit the project. Your name as "
                            "recorder stays with each record unless you ask us to "
                            "remove it.</p>",
                        ),
                    ],
                },
            ],
        },
    ],
}

# ---------------------------------------------------------------------------
# Course 3: community health
# ---------------------------------------------------------------------------
HEALTH = {
    "slug": "community-health-inequality",
    "title": "Community Health and Inequality Study",
    "summary": (
        "Become a community researcher: interview neighbours about health and "
        "everyday life, analyse what they say, and bring the findings back to them."
    ),
    "description": (
        "<p>Life expectancy can differ by years between neighbourhoods of the same "
        "city. Numbers show that gap; they rarely explain it. Healthy "
        "Neighbourhoods trains residents as community researchers who interview "
        "people in their own networks and languages about housing, work, care and "
        "health.</p>"
        "<p>The course is taught in person in small groups, with a strong focus on "
        "ethics and on working as a team.</p>"
    ),
    "project": {
        "name": "Healthy Neighbourhoods",
        "description": (
            "A participatory study with the Community Health Forum of how people "
            "in three neighbourhoods experience health inequality, approved by the "
            "university's research ethics committee."
        ),
        "url": "https://healthyneighbourhoods.example",
    },
    "partners": ["Community Health Forum", "City Library Network"],
    "delivery_mode": "in_person",
    "location": "Community centres in the north and east districts",
    "language": "en",
    "effort_hours": 20,
    "domains": ["participatory-health-research"],
    "rule": {
        "pass_mark": 80,
        "evidence": True,
        "attendance": True,
        "min_attendance": 80,
        "validity_months": 24,
        # Certificates are handed out by trainers at the closing community event.
        "auto_issue": False,
    },
    "modules": [
        {
            "slug": "understanding-health-inequalities",
            "title": "Understanding health inequalities",
            "hours": 3,
            "introduction": (
                "<p>What health inequalities are, why they arise, and what it "
                "means to research them together with communities.</p>"
            ),
            "competencies": ["RM-1", "CD-1", "TC-3"],
            "lessons": [
                {
                    "slug": "social-determinants",
                    "title": "The social determinants of health",
                    "summary": "Housing, work, income, care and place.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>Most of what makes people healthy or ill happens "
                            "outside the doctor's surgery: in housing, work, income, "
                            "education, the air and green space around us, and the "
                            "support of other people. These are the <b>social "
                            "determinants of health</b>.</p>"
                            "<p>Where these are unequal, health is unequal too, and "
                            "the differences follow a gradient: each step down the "
                            "social ladder brings worse health on average.</p>",
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "Which of these are social determinants of "
                                        "health?",
                                        True,
                                        [
                                            ("Housing conditions", True, ""),
                                            ("Income", True, ""),
                                            (
                                                "Blood type",
                                                False,
                                                "Blood type is biological, not social.",
                                            ),
                                            ("Access to green space", True, ""),
                                        ],
                                    ),
                                ],
                            },
                        ),
                    ],
                },
                {
                    "slug": "participatory-research",
                    "title": "Research with, not on, communities",
                    "summary": "What community researchers bring.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>In participatory research, people affected by an issue "
                            "help decide what is asked, how, and what happens with "
                            "the answers. As a community researcher you bring trust, "
                            "language and local knowledge that university researchers "
                            "lack.</p><p>That also brings responsibility: you will "
                            "hear personal stories from people you may meet again at "
                            "the bus stop.</p>",
                        ),
                        (
                            "reflection",
                            {
                                "prompt": "What would make you willing, or unwilling, to "
                                "talk about your health to a researcher?",
                                "guidance": "Discuss with your group in the next session.",
                            },
                        ),
                    ],
                },
                {
                    "slug": "working-as-a-team",
                    "title": "Working as a research team",
                    "summary": "Roles, support and looking after each other.",
                    "minutes": 15,
                    "body": [
                        (
                            "text",
                            "<p>Each community researcher works in a pair and meets "
                            "the team every two weeks. Interviews can bring up "
                            "difficult feelings for you too: debriefs are part of the "
                            "work, not an extra.</p>",
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "conducting-interviews",
            "title": "Conducting interviews ethically",
            "hours": 8,
            "introduction": (
                "<p>Consent, the interview guide, listening well and protecting "
                "what people tell you.</p>"
            ),
            "competencies": ["RE-1", "RE-2", "RE-4", "PH-1", "PH-2"],
            "lessons": [
                {
                    "slug": "informed-consent",
                    "title": "Informed consent",
                    "summary": "Free, informed, recorded and revocable.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>Before any interview, explain the study using the "
                            "information sheet, in the participant's language. "
                            "Consent must be <b>free</b> (no pressure, including from "
                            "friendship), <b>informed</b>, <b>recorded</b> on the "
                            "consent form, and <b>revocable</b>: a participant can "
                            "withdraw at any time without giving a reason.</p>",
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "A participant asks to withdraw two weeks after "
                                        "the interview. What do you do?",
                                        False,
                                        [
                                            (
                                                "Thank them, and tell the team so their data "
                                                "is removed",
                                                True,
                                                "Correct: withdrawal needs no reason.",
                                            ),
                                            (
                                                "Ask them why, and try to change their mind",
                                                False,
                                                "Consent must be free.",
                                            ),
                                            (
                                                "Explain it is too late",
                                                False,
                                                "Our information sheet promises withdrawal "
                                                "until analysis starts.",
                                            ),
                                        ],
                                    ),
                                    (
                                        "What must happen before an interview starts?",
                                        True,
                                        [
                                            ("The study is explained", True, ""),
                                            ("Consent is recorded", True, ""),
                                            (
                                                "The participant gives their address",
                                                False,
                                                "We do not need it.",
                                            ),
                                        ],
                                    ),
                                ],
                                "pass_mark": 100,
                                "competencies": ["RE-1"],
                            },
                        ),
                    ],
                },
                {
                    "slug": "interview-skills",
                    "title": "Interviewing skills",
                    "summary": "Open questions, silence and follow-ups.",
                    "minutes": 30,
                    "body": [
                        (
                            "text",
                            "<p>Our interviews are <b>semi-structured</b>: a guide of "
                            "topics and open questions (“Tell me about…”, “How did "
                            "that affect…?”) that you follow flexibly. Let silences "
                            "last; people often add the most important thing after a "
                            "pause. Never interpret or judge during the interview.</p>",
                        ),
                        (
                            "activity",
                            {
                                "title": "Practice interview",
                                "kind": "fieldwork",
                                "instructions": "<p>Conduct a 20-minute practice "
                                "interview with another learner using "
                                "the guide, then write a short "
                                "reflection on what went well and what "
                                "you would change.</p>",
                                "evidence": ["text"],
                                "competencies": ["PH-1", "TC-2"],
                                "minutes": 60,
                            },
                        ),
                    ],
                },
                {
                    "slug": "protecting-data",
                    "title": "Protecting what people tell you",
                    "summary": "Recordings, transcripts and anonymisation.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>Recordings go straight from the project phone to the "
                            "secure project drive and are deleted from the phone. In "
                            "transcripts, replace names with codes and change or "
                            "remove details that could identify someone: a rare job, "
                            "a street name, a family event.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "warning",
                                "title": "If someone is at risk",
                                "body": "<p>If a participant tells you they or someone "
                                "else is in danger, follow the safeguarding "
                                "procedure and call the project lead the same "
                                "day.</p>",
                            },
                        ),
                        (
                            "activity",
                            {
                                "title": "Anonymise a transcript extract",
                                "kind": "data_collection",
                                "instructions": "<p>Anonymise the sample transcript "
                                "and list each change you made and "
                                "why.</p>",
                                "evidence": ["file", "text"],
                                "competencies": ["PH-2", "RE-2"],
                                "minutes": 40,
                            },
                        ),
                    ],
                },
            ],
        },
        {
            "slug": "analysing-and-sharing",
            "title": "Analysing and sharing findings",
            "hours": 6,
            "introduction": (
                "<p>Coding transcripts with a codebook, building themes as a team, "
                "and sharing findings at a community event.</p>"
            ),
            "competencies": ["DA-3", "DA-4", "CD-3", "TC-1"],
            "lessons": [
                {
                    "slug": "coding-transcripts",
                    "title": "Coding transcripts",
                    "summary": "Applying a codebook consistently.",
                    "minutes": 30,
                    "body": [
                        (
                            "text",
                            "<p>A code is a short label for what a passage is about, "
                            "such as “damp housing” or “shift work”. The team's "
                            "codebook defines each code with an example. Two people "
                            "code the same transcript and compare: where they "
                            "disagree, the definition usually needs work.</p>",
                        ),
                        (
                            "activity",
                            {
                                "title": "Code a transcript",
                                "kind": "data_collection",
                                "instructions": "<p>Code the anonymised sample "
                                "transcript with the codebook and "
                                "upload your coded file.</p>",
                                "evidence": ["file"],
                                "competencies": ["DA-3"],
                                "minutes": 60,
                            },
                        ),
                    ],
                },
                {
                    "slug": "from-codes-to-themes",
                    "title": "From codes to themes",
                    "summary": "Finding patterns, and what the data cannot say.",
                    "minutes": 25,
                    "body": [
                        (
                            "text",
                            "<p>Themes group codes into a story about the data, for "
                            "example “feeling unheard by services”. A strong theme is "
                            "supported by several participants, and you can show "
                            "quotes for it. Note also the voices that do not fit.</p>",
                        ),
                        (
                            "quiz",
                            {
                                "questions": [
                                    (
                                        "What makes a theme well supported?",
                                        False,
                                        [
                                            (
                                                "It appears across several participants, with "
                                                "quotes",
                                                True,
                                                "Yes.",
                                            ),
                                            (
                                                "One participant said it very strongly",
                                                False,
                                                "One voice matters, but is not a theme.",
                                            ),
                                        ],
                                    ),
                                ],
                                "competencies": ["DA-4"],
                            },
                        ),
                    ],
                },
                {
                    "slug": "community-event",
                    "title": "Sharing findings with the community",
                    "summary": "Planning a feedback event together.",
                    "minutes": 20,
                    "body": [
                        (
                            "text",
                            "<p>Findings are presented first to participants and "
                            "neighbours, in a community centre, in several languages. "
                            "Their comments are recorded and change the final report. "
                            "Plan the event as a team: who presents, who welcomes, "
                            "who takes notes, who translates.</p>",
                        ),
                        (
                            "reflection",
                            {
                                "prompt": "What would you want the council to hear "
                                "from this study?",
                                "guidance": "",
                            },
                        ),
                    ],
                },
            ],
        },
    ],
}

COURSES = [AIR_QUALITY, BIODIVERSITY, HEALTH]


# Downloadable resources referenced by ("document", {"file": ...}) blocks.
DEMO_FILES = {
    "permission-letter.txt": (
        "Clean Air Streets - permission to fix diffusion tubes\n\n"
        "The City Highways Department has agreed that volunteers of the Clean Air "
        "Streets project may fix one diffusion tube per lamp post or sign post, at a "
        "height of 2 to 2.5 metres, for the exposure periods published by the "
        "project. Volunteers must not obstruct the pavement or the road.\n\n"
        "Questions: cleanairstreets@academy.example\n"
    ),
    "site-record-template.csv": (
        "site_code,street,description,latitude,longitude,height_m,"
        "distance_from_kerb_m,photo_close_up,photo_street,notes\n"
        "CAS-001,Example Street,Lamp post opposite the school,50.84671,4.35247,"
        "2.2,1.5,cas-001-close.jpg,cas-001-street.jpg,\n"
    ),
    "sample-results.csv": (
        "tube_code,site_code,exposure_start,exposure_end,no2_ugm3\n"
        "T-101,CAS-001,2026-04-01 09:10,2026-04-29 09:05,38.2\n"
        "T-102,CAS-002,2026-04-01 09:25,2026-04-29 09:20,41.7\n"
        "T-103,CAS-003,2026-04-01 09:40,2026-04-29 09:35,-3.1\n"
        "T-104,CAS-004,2026-04-01 10:05,2026-04-29 10:00,27.9\n"
        "T-105,CAS-005,2026-04-01 10:20,2026-05-13 10:15,33.4\n"
        "T-106,CAS-006,2026-04-01 10:35,2026-04-29 10:30,172.0\n"
        "T-107,CAS-007,2026-04-01 10:50,2026-04-29 10:45,45.3\n"
        "T-108,CAS-007,2026-04-01 11:05,2026-04-29 11:00,22.8\n"
        "T-109,CAS-009,2026-04-01 11:20,2026-04-29 11:15,31.0\n"
        "T-110,CAS-010,2026-04-01 11:35,2026-04-29 11:30,\n"
        "T-111,CAS-011,2026-04-01 11:50,2026-04-29 11:45,36.6\n"
        "T-112,CAS-012,2026-04-01 12:05,2026-04-29 12:00,29.4\n"
    ),
}
