"""French text for the demo academy, parallel to ``content.py`` and the core framework.

``FRENCH_TEXT`` maps an English segment to French; ``FRENCH_HTML`` pairs
English rich text with its French version (split into paragraphs and list
items). Both are built from parallel structures so that keys match exactly.
"""

from courses.demo import content

DOMAINS_FR = {
    "research-methods": (
        "Méthodes de recherche",
        "Concevoir une enquête et recueillir des observations fiables pour les "
        "chercheurs : questions, protocoles, échantillonnage et relevés.",
    ),
    "research-ethics": (
        "Éthique de la recherche",
        "Mener une recherche avec soin envers les personnes, les lieux et le vivant : "
        "consentement, vie privée, équité et absence de préjudice.",
    ),
    "fieldwork-strategies": (
        "Stratégies de terrain",
        "Préparer et mener le travail sur le terrain : sécurité, accès, matériel et "
        "adaptation aux imprévus.",
    ),
    "coding-and-analysing-data": (
        "Codage et analyse des données",
        "Transformer des observations en preuves : saisir, nettoyer, coder, résumer "
        "et interpréter les données.",
    ),
    "communication-and-dissemination": (
        "Communication et diffusion",
        "Partager les résultats d'un projet avec les participants, le public et les "
        "décideurs.",
    ),
    "teamwork-and-collaboration": (
        "Travail d'équipe et collaboration",
        "Bien travailler avec les bénévoles, les chercheurs et les organisations "
        "partenaires.",
    ),
    "air-quality-measurement": (
        "Mesure de la qualité de l'air",
        "Mesurer les polluants avec des échantillonneurs passifs et comprendre les "
        "résultats.",
    ),
    "species-identification": (
        "Identification des espèces",
        "Reconnaître les plantes et pollinisateurs urbains et les enregistrer de "
        "façon vérifiable.",
    ),
    "participatory-health-research": (
        "Recherche participative en santé",
        "Faire de la recherche sur la santé avec les habitants, et non sur eux.",
    ),
}

COMPETENCIES_FR = {
    "RM-1": (
        "Transformer une préoccupation en question de recherche",
        "Formule une question à laquelle des observations peuvent répondre, et "
        "précise quelles données y répondraient.",
    ),
    "RM-2": (
        "Suivre un protocole d'échantillonnage",
        "Recueille les observations exactement comme le décrit le protocole, "
        "afin que les données de nombreux bénévoles puissent être combinées.",
    ),
    "RM-3": (
        "Reconnaître les biais et les erreurs",
        "Nomme les sources probables de biais et d'erreur de mesure et explique "
        "comment le protocole les limite.",
    ),
    "RM-4": (
        "Enregistrer les observations avec leur contexte",
        "Note pour chaque observation la date, l'heure, le lieu, la méthode et "
        "tout écart, pour que d'autres puissent la vérifier et la réutiliser.",
    ),
    "RE-1": (
        "Expliquer et recueillir le consentement éclairé",
        "Explique une étude avec des mots simples et recueille un consentement "
        "libre, éclairé et révocable avant d'impliquer quelqu'un.",
    ),
    "RE-2": (
        "Protéger les données personnelles",
        "Ne recueille que les données personnelles nécessaires, les conserve en "
        "sécurité et suit les règles du projet (RGPD).",
    ),
    "RE-3": (
        "Ne pas nuire aux personnes, aux lieux et à la faune",
        "Choisit des méthodes et des sites qui évitent de déranger habitants, "
        "habitats et espèces, et s'arrête quand un dommage est probable.",
    ),
    "RE-4": (
        "Savoir demander un avis éthique",
        "Reconnaît les situations qui exigent l'avis de l'équipe ou d'un comité "
        "d'éthique et les signale rapidement.",
    ),
    "FW-1": (
        "Préparer un travail de terrain sûr",
        "Prépare une évaluation des risques simple, informe quelqu'un de son "
        "plan et emporte le nécessaire pour travailler en sécurité.",
    ),
    "FW-2": (
        "Utiliser et entretenir le matériel de terrain",
        "Installe, vérifie et étalonne le matériel du projet et le range pour "
        "que les mesures restent comparables.",
    ),
    "FW-3": (
        "Obtenir l'accès et les autorisations",
        "Identifie qui doit autoriser le travail sur un site et le demande de "
        "manière à créer la confiance.",
    ),
    "FW-4": (
        "S'adapter et documenter les écarts",
        "S'adapte à la météo, à l'accès et aux imprévus sans compromettre les "
        "données, et note chaque écart au plan.",
    ),
    "DA-1": (
        "Saisir et nettoyer les données",
        "Saisit les données dans un tableur structuré, les vérifie et documente "
        "chaque correction.",
    ),
    "DA-2": (
        "Résumer les données par des statistiques et des graphiques",
        "Décrit un jeu de données par des effectifs, des moyennes et la "
        "dispersion, et choisit un graphique qui montre honnêtement la tendance.",
    ),
    "DA-3": (
        "Coder des données qualitatives",
        "Applique une grille de codage de façon cohérente aux entretiens ou aux "
        "réponses libres et note les passages qui ne s'y prêtent pas.",
    ),
    "DA-4": (
        "Interpréter les résultats avec leur incertitude",
        "Tire des conclusions que les données permettent et précise leur degré "
        "de certitude et ce qu'elles ne montrent pas.",
    ),
    "CD-1": (
        "Expliquer les résultats en langage clair",
        "Explique ce qui a été trouvé, comment et pourquoi c'est important, pour "
        "un public non spécialiste.",
    ),
    "CD-2": (
        "Présenter les données honnêtement",
        "Prépare des graphiques, cartes et tableaux exacts, légendés et "
        "accessibles, sans exagérer les résultats.",
    ),
    "CD-3": (
        "Partager les résultats avec la communauté",
        "Restitue les résultats aux participants et aux habitants sous une "
        "forme et dans un lieu qui les atteignent.",
    ),
    "CD-4": (
        "Citer les contributeurs et ouvrir les données",
        "Cite les bénévoles et les partenaires et partage les données sous la "
        "licence convenue par le projet.",
    ),
    "TC-1": (
        "Coordonner les tâches d'une équipe",
        "Convient de qui fait quoi et pour quand, s'y tient et prévient tôt en "
        "cas de changement.",
    ),
    "TC-2": (
        "Donner et recevoir un retour constructif",
        "Fait des retours précis et bienveillants sur le travail des autres et "
        "utilise les retours pour s'améliorer.",
    ),
    "TC-3": (
        "Travailler dans le respect des différences",
        "Travaille avec des personnes d'âges, d'origines, de langues et de "
        "capacités différents, et laisse place à chaque voix.",
    ),
    "TC-4": (
        "Laisser un travail que d'autres peuvent reprendre",
        "Tient ses notes, fichiers et données en ordre pour qu'un autre bénévole "
        "puisse reprendre le travail.",
    ),
    "AQ-1": (
        "Poser des échantillonneurs passifs selon le protocole",
        "Pose, expose et récupère les tubes à diffusion comme l'exige le "
        "protocole, et note exactement les durées d'exposition.",
    ),
    "AQ-2": (
        "Interpréter les concentrations de dioxyde d'azote",
        "Compare les concentrations mesurées aux valeurs limites et aux "
        "recommandations sanitaires et explique ce qu'elles signifient pour une "
        "rue.",
    ),
    "SI-1": (
        "Identifier les grands groupes de pollinisateurs",
        "Distingue sur le terrain bourdons, abeilles solitaires, syrphes, "
        "papillons et autres insectes.",
    ),
    "SI-2": (
        "Documenter les observations par des photos vérifiables",
        "Prend des photos qui permettent à un expert de confirmer une "
        "identification, et les relie à l'observation.",
    ),
    "PH-1": (
        "Mener un entretien semi-directif respectueux",
        "Utilise un guide d'entretien avec souplesse, écoute activement et "
        "laisse la personne maîtresse de ce qu'elle partage.",
    ),
    "PH-2": (
        "Anonymiser des données qualitatives",
        "Supprime ou modifie dans les transcriptions les détails qui pourraient "
        "identifier un participant, sans perdre le sens.",
    ),
}

PARTNERS_FR = {
    "Public libraries that host our in-person sessions and lend equipment.": "Les bibliothèques publiques qui accueillent nos séances et prêtent le "
    "matériel.",
    "A federation of residents' groups campaigning for cleaner air.": "Une fédération de collectifs d'habitants qui militent pour un air plus "
    "propre.",
    "The museum's entomologists verify species records from our surveys.": "Les entomologistes du musée vérifient les observations de nos inventaires.",
    "The city department that manages parks and green spaces.": "Le service municipal qui gère les parcs et espaces verts.",
    "A network of community organisations working on health equity.": "Un réseau d'associations qui agissent pour l'équité en santé.",
}

AQ = content.AIR_QUALITY
AQ_M = AQ["modules"]

PAGES_TEXT = {
    content.HOME["title"]: "Académie des sciences participatives",
    content.HOME["intro"]: (
        "Apprenez à participer à de vraies recherches sur l'air que nous respirons, "
        "la nature qui nous entoure et la santé de nos quartiers, et faites certifier "
        "ce que vous savez faire."
    ),
    content.COURSE_INDEX["title"]: "Formations",
    AQ["title"]: "Surveiller la qualité de l'air dans son quartier",
    AQ["summary"]: (
        "Mesurez le dioxyde d'azote dans votre rue avec des tubes à diffusion et "
        "contribuez à la carte de la pollution la plus détaillée de notre ville."
    ),
    AQ["project"]["name"]: "Rues à l'air pur",
    AQ["project"]["description"]: (
        "Une étude du dioxyde d'azote dans 600 rues de la ville, menée par le groupe "
        "de sciences de l'environnement de l'université avec des collectifs "
        "d'habitants. Les résultats nourrissent la révision de la zone à faibles "
        "émissions."
    ),
    AQ["location"]: "Bibliothèques de la ville et en ligne",
    AQ_M[0]["title"]: "Pourquoi la qualité de l'air compte",
    AQ_M[1]["title"]: "Préparer votre site de mesure",
    AQ_M[2]["title"]: "Poser et récupérer les tubes",
    AQ_M[3]["title"]: "Des résultats du laboratoire à la carte",
}

LESSONS_FR = [
    [
        (
            "Qu'est-ce que le dioxyde d'azote ?",
            "Le polluant que nous mesurons et son origine.",
        ),
        (
            "Pollution de l'air, santé et inégalités",
            "Qui respire l'air le plus pollué, et pourquoi c'est important.",
        ),
        (
            "Comment les mesures des habitants ont changé les politiques",
            "Ce que nous apprennent les projets participatifs précédents.",
        ),
    ],
    [
        (
            "Choisir un site selon le protocole",
            "Hauteur, distance du trottoir et ce qu'il faut éviter.",
        ),
        (
            "Autorisations et sécurité",
            "À qui demander, et comment travailler en sécurité près de la circulation.",
        ),
        ("Décrire votre site", "Les détails qui rendent une mesure réutilisable."),
    ],
    [
        (
            "Manipuler les tubes à diffusion",
            "Garder les tubes propres, du réfrigérateur au lampadaire.",
        ),
        (
            "Exposition et collecte",
            "Heures de début et de fin, et que faire en cas de problème.",
        ),
        (
            "Acheminer les tubes au laboratoire",
            "La chaîne de traçabilité, pour que chaque résultat soit retrouvé.",
        ),
    ],
    [
        (
            "Saisir et vérifier les résultats",
            "Du tableur du laboratoire à un jeu de données propre.",
        ),
        (
            "Correction du biais et moyennes annuelles",
            "Pourquoi nous corrigeons les résultats des tubes.",
        ),
        (
            "Partager les résultats avec les voisins et la mairie",
            "Des cartes, des mots simples et des limites assumées.",
        ),
    ],
]

FRENCH_HTML = [
    (
        content.COURSE_INDEX["intro"],
        "<p>Chaque formation est liée à un projet de recherche en cours. Vous apprenez "
        "en faisant du vrai travail de terrain, et les formateurs valident vos travaux "
        "pratiques.</p>",
    ),
    (
        AQ["description"],
        "<p>Les gaz d'échappement sont la principale source de dioxyde d'azote (NO₂) en "
        "ville, et les rues où l'air est le plus pollué sont souvent celles où vivent "
        "les personnes qui ont le moins le choix. Les stations officielles sont rares. "
        "Dans cette formation, vous apprenez à mesurer vous-même le NO₂ avec une "
        "méthode simple analysée en laboratoire, et vos mesures rejoignent les données "
        "de Rues à l'air pur.</p>"
        "<p>Aucune formation scientifique n'est nécessaire. Vous passerez environ la "
        "moitié du temps dehors, et participerez à deux séances dans votre "
        "bibliothèque.</p>",
    ),
    (
        AQ_M[0]["introduction"],
        "<p>Ce qu'est le dioxyde d'azote, d'où il vient, pourquoi il compte pour la "
        "santé, et comment les mesures d'habitants ont déjà changé la politique de la "
        "ville.</p>",
    ),
    (
        AQ_M[1]["introduction"],
        "<p>Choisir un site conforme au protocole, obtenir l'autorisation, rester en "
        "sécurité et noter tout ce dont une autre personne a besoin pour retrouver "
        "votre site et s'y fier.</p>",
    ),
    (
        AQ_M[2]["introduction"],
        "<p>Le cœur pratique de la formation : manipuler les tubes sans les "
        "contaminer, les exposer le bon temps et les faire parvenir intacts au "
        "laboratoire.</p>",
    ),
    (
        AQ_M[3]["introduction"],
        "<p>Saisir et vérifier les résultats, corriger le biais connu de la méthode, "
        "et dire aux voisins et à la mairie ce que vous avez trouvé.</p>",
    ),
    (
        AQ_M[0]["lessons"][0]["body"][0][1],
        "<p>Le dioxyde d'azote (NO₂) est un gaz qui se forme quand un carburant brûle à "
        "haute température, surtout dans les moteurs diesel. En ville, l'essentiel du "
        "NO₂ respiré au niveau de la rue vient de la circulation à quelques centaines "
        "de mètres.</p>"
        "<p>Comme il vient de la circulation, le NO₂ varie beaucoup d'une rue à "
        "l'autre : un carrefour chargé peut avoir deux fois la concentration d'une "
        "petite rue voisine. C'est pourquoi de nombreux points de mesure en disent "
        "bien plus que quelques stations officielles.</p>"
        "<h2>Comment nous le mesurons</h2>"
        "<p>Nous utilisons des <b>tubes à diffusion</b> : de petits tubes en plastique "
        "dont le fond contient un réactif qui absorbe le NO₂. Après environ quatre "
        "semaines, un laboratoire mesure la quantité absorbée, ce qui donne la "
        "concentration moyenne sur la période.</p>",
    ),
    (
        AQ_M[0]["lessons"][1]["body"][0][1],
        "<p>Une exposition prolongée au NO₂ est liée à l'asthme chez l'enfant, à une "
        "croissance pulmonaire réduite et aux maladies cardiaques et respiratoires. "
        "La charge n'est pas partagée également : dans de nombreuses villes "
        "européennes, les quartiers bordant les grands axes sont aussi ceux où les "
        "revenus sont plus faibles et les espaces verts plus rares.</p>"
        "<p>Les habitants de ces rues ont souvent le moins voix au chapitre sur la "
        "circulation. Les mesures faites par les habitants eux-mêmes permettent de "
        "mettre leur expérience sur la carte, au sens propre.</p>",
    ),
    (
        AQ_M[0]["lessons"][2]["body"][0][1],
        "<p>En 2016, une campagne d'habitants à Bruxelles a placé des tubes à diffusion "
        "en des centaines d'endroits et constaté des dépassements des valeurs limites "
        "dans de nombreuses rues sans station officielle. Des projets semblables à "
        "Londres, Anvers et Madrid ont inspiré des zones à faibles émissions et des "
        "rues scolaires.</p>"
        "<p>Ce qui rendait ces projets crédibles n'était pas un matériel coûteux mais "
        "un <b>protocole partagé et rigoureux</b> suivi par chaque bénévole, et une "
        "présentation transparente de la méthode et de ses limites. C'est ce "
        "qu'enseigne cette formation.</p>",
    ),
]

FRENCH_TEXT = {**PAGES_TEXT, **PARTNERS_FR}
for module, lessons in zip(AQ_M, LESSONS_FR, strict=True):
    for lesson, (title, summary) in zip(module["lessons"], lessons, strict=True):
        FRENCH_TEXT[lesson["title"]] = title
        FRENCH_TEXT[lesson["summary"]] = summary
