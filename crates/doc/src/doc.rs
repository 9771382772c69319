use std::ops::Range;

use chrono::NaiveDate;

use crate::{Normalized, Span};

/// One report and every annotation layer over it.
///
/// Components fill the layers in pipeline order; each reads the layers before it and writes only
/// its own. All spans are byte offsets into [`Doc::text`].
#[derive(Clone, Debug, Default)]
pub struct Doc {
    /// The original text, exactly as given (after HTML extraction, before anything else).
    pub text: String,
    /// What came with the text: URL, title, outlet, reference date.
    pub meta: Meta,
    /// The normalised text, with its map back to `text`.
    pub norm: Normalized,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Sentences in text order; together they cover every token.
    pub sentences: Vec<Sentence>,
    /// ISO 639-1 code of the detected language, `None` when it cannot be told.
    pub language: Option<&'static str>,
    /// The dateline, when the report opens with one.
    pub dateline: Option<Dateline>,
    /// Named things: outlets, places, people, organisations.
    pub entities: Vec<Entity>,
    /// Outlets the whole report is credited to ("…, the Army Times reports.").
    pub relayed_from: Vec<EntityId>,
    /// Time expressions, in text order.
    pub times: Vec<Timex>,
    /// Places the text names, in text order.
    pub places: Vec<Place>,
    /// Who said what: quotes and reported speech, in text order.
    pub quotes: Vec<Quote>,
    /// Layers the pipeline did not run on this text, and why (e.g. a non-English text).
    pub skipped: Vec<(Layer, String)>,
}

impl Doc {
    /// A document with no annotations yet; the text layer fills its normalised form.
    pub fn new(text: String, meta: Meta) -> Doc {
        Doc {
            text,
            meta,
            ..Doc::default()
        }
    }

    /// The original text of a span.
    pub fn span_text(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The normalised text of a token.
    pub fn token_norm(&self, token: &Token) -> &str {
        &self.norm.text[token.norm.range()]
    }

    /// The tokens a span touches, as a range of indexes into [`Doc::tokens`].
    pub fn token_range(&self, span: Span) -> std::ops::Range<usize> {
        let first = self.tokens.partition_point(|t| t.span.end <= span.start);
        let end = first + self.tokens[first..].partition_point(|t| t.span.start < span.end);
        first..end
    }

    /// The span from the first token of a range to the last; `None` for an empty range or
    /// one past the tokens.
    pub fn tokens_span(&self, tokens: std::ops::Range<usize>) -> Option<Span> {
        let first = self.tokens.get(tokens.start)?;
        let last = self.tokens.get(tokens.end.checked_sub(1)?)?;
        (tokens.start < tokens.end).then(|| Span::new(first.span.start, last.span.end))
    }

    /// Adds an entity and returns its id.
    pub fn add_entity(&mut self, entity: Entity) -> EntityId {
        self.entities.push(entity);
        EntityId(self.entities.len() as u32 - 1)
    }

    /// The entity with this id.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }
}

/// What is known about a report besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    /// Where the report was found.
    pub url: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// The publisher, when the input says so.
    pub outlet: Option<String>,
    /// The reference date against which relative times resolve.
    pub published: Option<NaiveDate>,
    /// Where `published` came from.
    pub published_source: PublishedSource,
    /// The area the outlet mostly reports on, as the gazetteer names it ("Louisiana",
    /// "Texas, US", "Ireland"): context for the place names a report leaves open.
    pub home: Option<String>,
}

/// Where the reference date came from (`document.published_source` in the contract).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PublishedSource {
    /// Given on the command line or by the caller.
    Argument,
    /// Found in the input's metadata (a JSONL field, an HTML meta tag).
    Metadata,
    /// Read from the dateline (only when it carries a full date with a year).
    Dateline,
    /// Not known.
    #[default]
    None,
}

impl PublishedSource {
    /// The contract's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            PublishedSource::Argument => "argument",
            PublishedSource::Metadata => "metadata",
            PublishedSource::Dateline => "dateline",
            PublishedSource::None => "none",
        }
    }
}

/// What kind of thing a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens or apostrophes ("al-Baghdadi").
    Word,
    /// A word ending in an abbreviation period ("Gen.", "U.S.").
    Abbreviation,
    /// A clitic split from its host ("'s", "n't", "'re").
    Clitic,
    /// Digits, possibly with separators, decimals or a sign ("1,500", "3.5").
    Number,
    /// Punctuation ("," "." "--" "..." quotes, brackets).
    Punct,
    /// Any other symbol ("$", "%", "&").
    Symbol,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// A hashtag ("#Kabul").
    Hashtag,
    /// A social-media handle ("@Reuters").
    Handle,
}

/// One token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Where it is in the original text.
    pub span: Span,
    /// Where it is in the normalised text.
    pub norm: Span,
    /// What it is.
    pub kind: TokenKind,
    /// True when white space follows it in the text.
    pub space_after: bool,
}

/// One sentence: its span and the range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// From its first token's start to its last token's end, in the original text.
    pub span: Span,
    /// Indexes into [`Doc::tokens`].
    pub tokens: Range<u32>,
}

/// A wire dateline: "MOSCOW, January 16 (Sputnik) —".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dateline {
    /// The whole dateline, dash included.
    pub span: Span,
    /// The place ("MOSCOW", "KABUL, Afghanistan").
    pub place: Span,
    /// The date as written, when there is one ("January 16").
    pub date: Option<Span>,
    /// The outlet as written, when there is one ("Sputnik").
    pub outlet: Option<Span>,
}

/// Index of an entity in [`Doc::entities`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(pub u32);

/// The contract's entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation (outlets, armed groups, governments as bodies).
    Org,
    /// A geopolitical entity: country, region with a government, city.
    Gpe,
    /// A location without a government: mountains, seas, regions.
    Loc,
    /// A nationality, religious or political group ("Afghan", "Islamist").
    Norp,
    /// A facility: buildings, airports, roads.
    Fac,
    /// Anything else worth naming.
    Other,
}

impl EntityType {
    /// The contract's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Norp => "NORP",
            EntityType::Fac => "FAC",
            EntityType::Other => "OTHER",
        }
    }
}

/// One TIMEX3 time expression: where it is written and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timex {
    /// Where it is in the original text.
    pub span: Span,
    /// What kind of time it is.
    pub kind: TimexType,
    /// The TIMEX3 value ("2014-10", "P3D", "PRESENT_REF", "XXXX-WXX-5"), resolved against the
    /// reference date where it can be; what cannot be known is written `X` ("XXXX-10"). The
    /// times layer always gives one; `None` is for producers that cannot.
    pub value: Option<String>,
    /// The TIMEX3 mod ("START", "END", "APPROX" …).
    pub modifier: Option<&'static str>,
}

/// The four TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimexType {
    /// A calendar date or period: "January 16", "last year", "the third quarter".
    Date,
    /// A time of day: "5 p.m.", "Tuesday morning".
    Time,
    /// A length of time: "three days", "years".
    Duration,
    /// A recurring time: "every Friday", "daily".
    Set,
}

impl TimexType {
    /// The TIMEX3 name.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// What a report says someone said: a direct quote, a quoted phrase inside reported speech, or
/// reported speech itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// The content, without its quote marks.
    pub content: Span,
    /// Who said it.
    pub speaker: Option<EntityId>,
    /// The words that name the speaker here ("Campbell", "he", "a spokesman").
    pub speaker_mention: Option<Span>,
    /// The speech verb or phrase ("told", "according to").
    pub cue: Option<Span>,
    /// To whom it was said ("told the Army Times").
    pub addressee: Option<EntityId>,
    /// The relay chain, outermost first: the publishing outlet, the outlets credited, then
    /// whom it was said to when that is an outlet.
    pub via: Vec<EntityId>,
    /// How directly the report has it.
    pub strength: Strength,
    /// The quote (an index into the report's quotes) whose words this one goes on with: the
    /// second half of a quote split by its cue ("…," Campbell noted. "…"), or a further quoted
    /// phrase of one reported clause under the same cue.
    pub continues: Option<u32>,
}

/// The three kinds of quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteKind {
    /// A whole sentence or more in quote marks.
    Direct,
    /// A quoted phrase inside a reported clause ("IS has a \"hard message to sell\"").
    Partial,
    /// Reported speech without quote marks ("Campbell told the Army Times that …").
    Indirect,
}

impl QuoteKind {
    /// The contract's word.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// How directly a report has what someone said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strength {
    /// The speaker's own words, quoted and named.
    Quoted,
    /// The speaker named, the words reported.
    Reported,
    /// A source not named ("a source said", "officials said").
    Anonymous,
    /// Talk of talk ("there have been reports that …").
    Hearsay,
}

impl Strength {
    /// The contract's word.
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Quoted => "quoted",
            Strength::Reported => "reported",
            Strength::Anonymous => "anonymous",
            Strength::Hearsay => "hearsay",
        }
    }
}

/// A place the text names ("MOSCOW", "northern Afghanistan", "Iranian"), resolved against
/// the gazetteer when it could be.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// The words that name it.
    pub span: Span,
    /// The entity the words are a mention of.
    pub entity: Option<EntityId>,
    /// The gazetteer's name for it ("Moscow"; "Northern Afghanistan" for a part).
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2 of the country it is in (or is).
    pub country: Option<String>,
    /// Name of the first-order division it is in (or is).
    pub admin1: Option<String>,
    /// `country`, `admin1`, `admin2`, `city`, `region` or `other`.
    pub feature: Option<&'static str>,
    /// Where it is: latitude and longitude, or `None` when it could not be resolved.
    pub point: Option<(f64, f64)>,
    /// `geonames:<id>`, or the hand-kept region's id.
    pub gazetteer_id: Option<String>,
}

/// A named thing and every place the text names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// Its type.
    pub kind: EntityType,
    /// A finer type: `media`, `armed_group`, `government` …
    pub subtype: Option<&'static str>,
    /// Canonical name ("Associated Press" for "AP").
    pub name: String,
    /// Where the text names it, in text order.
    pub mentions: Vec<Mention>,
    /// Other names it goes by (dictionary aliases and forms seen in the text).
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 code of its home country, when known.
    pub country: Option<String>,
    /// Titles the text gives it ("General", "Foreign Minister").
    pub titles: Vec<String>,
    /// The organisation or country it belongs to, from an apposition or a title
    /// ("United States Army General John Campbell").
    pub affiliation: Option<EntityId>,
    /// Its CAMEO actor code, when the actor dictionary knows it.
    pub actor: Option<crate::contract::ActorCode>,
}

impl Entity {
    /// Adds a mention unless the same span is already there, keeping text order.
    pub fn add_mention(&mut self, span: Span) {
        self.add_reference(span, MentionKind::Name);
    }

    /// Adds a mention of any kind ("the general", "he") unless the same span is already there.
    pub fn add_reference(&mut self, span: Span, kind: MentionKind) {
        if let Err(i) = self.mentions.binary_search_by_key(&span, |m| m.span) {
            self.mentions.insert(i, Mention { span, kind });
        }
    }
}

/// One place where the text names or refers to an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The words that name it.
    pub span: Span,
    /// How they refer to it.
    pub kind: MentionKind,
}

/// How a mention refers to its entity (the ACE distinction of NAM, NOM and PRO).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// By a name: "John Campbell", "Campbell", "ISIS".
    #[default]
    Name,
    /// By a definite description: "the general", "the newspaper".
    Nominal,
    /// By a pronoun: "he", "she".
    Pronoun,
}

impl MentionKind {
    /// The contract's word for it: `name`, `nominal` or `pronoun`.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Nominal => "nominal",
            MentionKind::Pronoun => "pronoun",
        }
    }
}

/// The layers a pipeline fills, in the order it fills them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Layer {
    /// Normalised text and its map back.
    Normalized,
    /// Detected language.
    Language,
    /// Tokens.
    Tokens,
    /// Sentences.
    Sentences,
    /// Dateline and publishing outlet.
    Dateline,
    /// Entities.
    Entities,
    /// Outlets credited for the report or a passage.
    Credits,
    /// Time expressions.
    Times,
    /// Resolved places.
    Places,
    /// Quotes and attribution.
    Quotes,
    /// CAMEO events.
    Events,
}

impl Layer {
    /// Its lower-case name, as the record and error messages give it.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Normalized => "normalized",
            Layer::Language => "language",
            Layer::Tokens => "tokens",
            Layer::Sentences => "sentences",
            Layer::Dateline => "dateline",
            Layer::Entities => "entities",
            Layer::Credits => "credits",
            Layer::Times => "times",
            Layer::Places => "places",
            Layer::Quotes => "quotes",
            Layer::Events => "events",
        }
    }
}
