//! The example packs of `lessonpack init`: English, and French; a pack in another language
//! with a built-in catalogue gets the English example with its own language tag, so its pages
//! speak that language around the English lesson.

/// One language's example: its `lessonpack.toml`, its unit and its lesson.
pub(super) struct Example {
    /// `lessonpack.toml`, with `language = "…"` to set.
    pack_toml: &'static str,
    /// The unit's folder under `content/`.
    pub unit_dir: &'static str,
    pub unit_toml: &'static str,
    /// The lesson's file name in the unit.
    pub lesson_file: &'static str,
    pub lesson: &'static str,
}

impl Example {
    /// The example of a catalogue language (see `i18n::catalogue`).
    pub fn for_language(catalogue: &str) -> Example {
        match catalogue {
            "fr" => Example {
                pack_toml: FR_PACK_TOML,
                unit_dir: "premiers-pas",
                unit_toml: FR_UNIT_TOML,
                lesson_file: "comment-fonctionne-un-recueil-de-lecons.md",
                lesson: FR_LESSON,
            },
            _ => Example {
                pack_toml: EN_PACK_TOML,
                unit_dir: "first-steps",
                unit_toml: EN_UNIT_TOML,
                lesson_file: "how-a-lesson-pack-works.md",
                lesson: EN_LESSON,
            },
        }
    }

    /// The example's `lessonpack.toml` for the pack's language tag.
    pub fn pack_toml(&self, language: &str) -> String {
        let line = |tag: &str| format!("\nlanguage = \"{tag}\"\n");
        let written = ["en", "fr"]
            .into_iter()
            .find(|tag| self.pack_toml.contains(&line(tag)))
            .expect("the examples set a language");
        self.pack_toml.replacen(&line(written), &line(language), 1)
    }
}

const EN_PACK_TOML: &str = r#"title = "My Lesson Pack"
language = "en"
description = "Short articles read one sentence at a time, each with a quiz."
# Where the site will live, for canonical links, the sitemap and the feed:
# base_url = "https://example.org/lessons/"

# Entity kinds beyond person, org, location, tech, concept and event, with their labels:
# [entities]
# food = "dish"

# The wording of the pages, e.g. for a pack in another language (see the docs for all keys):
# [strings]
# take_quiz = "Take the quiz"
"#;

const EN_UNIT_TOML: &str = "title = \"First steps\"\norder = 1\n";

/// The example lesson of `init`: entities of several kinds (one with a canonical name that
/// differs from its text), a note, a heading, and every question kind with explanations.
const EN_LESSON: &str = r#"+++
title = "How a Lesson Pack Works"
date = 2026-01-01
level = "B1"
tags = ["lessonpack", "example"]
summary = "A short tour of the lesson format: focus sentences, entities, notes and a quiz."

# Notes appear when a reader taps an entity's tag; keys are canonical names.
[notes]
"focus sentence" = "A paragraph of the article, read on a page of its own."
+++

Every paragraph of a lesson is a [focus sentence](concept:), which readers see one at a time.

Names are marked as entities: [Ada Lovelace](person:) wrote about the [Analytical Engine](tech:) in [London](location:).

When the text differs from the name, a link title gives the canonical name, as in two [focus sentences](concept: "focus sentence").

### Headings, lists and images

Headings like the one above show on the [article page](concept:) only; they are not focus sentences.

## Challenge Mode {.quiz}

Answer these questions to check that you understood the article.

### What does every paragraph of the article become?
- [ ] A question of the quiz.
- [x] A focus sentence, read on a page of its own.
- [ ] A heading.
> Each paragraph before the quiz is a focus sentence; headings and lists show on the article page only.

### Which of these are entity kinds every pack has? {.multi}
- [x] person
- [x] location
- [ ] colour
- [x] tech
> The built-in kinds are person, org, location, tech, concept and event; lessonpack.toml can add more.

### Who wrote about the Analytical Engine? {.short}
- [x] Ada Lovelace
- [x] Lovelace
> A short-answer question accepts any of its listed answers, ignoring case and spacing.
"#;

const FR_PACK_TOML: &str = r#"title = "Mon recueil de leçons"
language = "fr"
description = "De courts articles à lire phrase par phrase, chacun avec son quiz."
# L’adresse du site, pour les liens canoniques, le plan du site et le flux :
# base_url = "https://example.org/lecons/"

# Des types d’entités en plus de person, org, location, tech, concept et event, avec leur libellé :
# [entities]
# food = "plat"

# Les pages sont en français ; chaque texte peut être changé ici (voir la documentation),
# un nombre avec chacune de ses formes :
# [strings]
# take_quiz = "Faire le quiz"
# you_read = { one = "Vous avez lu {count} phrase.", many = "Vous avez lu {count} de phrases.", other = "Vous avez lu {count} phrases." }
"#;

const FR_UNIT_TOML: &str = "title = \"Premiers pas\"\norder = 1\n";

/// The French example lesson: the English one's tour, written in French.
const FR_LESSON: &str = r#"+++
title = "Comment fonctionne un recueil de leçons"
date = 2026-01-01
level = "B1"
tags = ["lessonpack", "exemple"]
summary = "Une courte visite du format des leçons : phrases, entités, notes et quiz."

# Les notes s’affichent quand on touche l’étiquette d’une entité ; les clés sont les noms canoniques.
[notes]
"phrase" = "Un paragraphe de l’article, lu sur une page à part."
+++

Chaque paragraphe d’une leçon est une [phrase](concept:), que l’on lit l’une après l’autre.

Les noms sont marqués comme entités : [Ada Lovelace](person:) a écrit sur la [machine analytique](tech:) à [Londres](location:).

Quand le texte diffère du nom, le titre du lien donne le nom canonique, comme dans ces deux [phrases](concept: "phrase").

### Titres, listes et images

Les titres comme celui-ci ne s’affichent que sur la [page de l’article](concept:) ; ce ne sont pas des phrases.

## À vous de jouer {.quiz}

Répondez à ces questions pour vérifier que vous avez compris l’article.

### Que devient chaque paragraphe de l’article ?
- [ ] Une question du quiz.
- [x] Une phrase, lue sur une page à part.
- [ ] Un titre.
> Chaque paragraphe avant le quiz est une phrase ; les titres et les listes ne s’affichent que sur la page de l’article.

### Quels types d’entités tout recueil possède-t-il ? {.multi}
- [x] person
- [x] location
- [ ] colour
- [x] tech
> Les types prévus sont person, org, location, tech, concept et event ; lessonpack.toml peut en ajouter d’autres.

### Qui a écrit sur la machine analytique ? {.short}
- [x] Ada Lovelace
- [x] Lovelace
> Une question à réponse courte accepte chacune des réponses données, sans tenir compte des majuscules ni des espaces.
"#;
