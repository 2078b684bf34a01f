//! Filing a complaint, one question page at a time (the GOV.UK pattern):
//! the steps, the raw form of each step as a browser posts it, and the
//! draft that collects each step's validated answers until submission.
//!
//! A form's `validate` either gives the step's answer or every problem
//! with the field it belongs to; the raw form is kept to show again what
//! the resident typed.

use serde::{Deserialize, Serialize};

use super::input::{
    AddressText, BusinessName, Description, EmailAddress, FieldError, FumeKind, MobileNumber,
    NoiseTime, PersonName,
};
use super::one_at_a_time::{self, NextQuestion};

/// Which questions a category asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Noise,
    Fumes,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Noise => "noise",
            Kind::Fumes => "fumes",
        }
    }

    pub fn parse(raw: &str) -> Option<Kind> {
        match raw {
            "noise" => Some(Kind::Noise),
            "fumes" => Some(Kind::Fumes),
            _ => None,
        }
    }
}

/// The question pages, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    Category,
    Location,
    Details,
    Photos,
    Contact,
    Check,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Category,
        Step::Location,
        Step::Details,
        Step::Photos,
        Step::Contact,
        Step::Check,
    ];

    /// The step's path below `/complaints/new`.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Category => "",
            Step::Location => "location",
            Step::Details => "details",
            Step::Photos => "photos",
            Step::Contact => "contact",
            Step::Check => "check",
        }
    }

    pub fn path(self) -> String {
        match self {
            Step::Category => "/complaints/new".to_owned(),
            s => format!("/complaints/new/{}", s.slug()),
        }
    }

    pub fn next(self) -> Step {
        let i = Step::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Step::ALL[(i + 1).min(Step::ALL.len() - 1)]
    }

    pub fn previous(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|s| *s == self)?;
        i.checked_sub(1).map(|p| Step::ALL[p])
    }

    /// 1-based position, for "step 2 of 6".
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

/// A problem with one field of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: &'static str,
    pub error: FieldError,
}

fn collect<T>(
    problems: &mut Vec<Problem>,
    field: &'static str,
    r: Result<T, FieldError>,
) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(error) => {
            problems.push(Problem { field, error });
            None
        }
    }
}

/// A point on the map, from the browser's geolocation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

impl GeoPoint {
    /// Shanghai's extent, generously: a point outside it is a mistake (or a
    /// phone's stale fix) and is refused rather than stored.
    const LAT: (f64, f64) = (30.6, 31.95);
    const LON: (f64, f64) = (120.8, 122.2);

    /// Both coordinates or neither; `Ok(None)` when neither was sent.
    pub fn parse(latitude: &str, longitude: &str) -> Result<Option<GeoPoint>, FieldError> {
        let (lat, lon) = (latitude.trim(), longitude.trim());
        if lat.is_empty() && lon.is_empty() {
            return Ok(None);
        }
        let (Ok(latitude), Ok(longitude)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
            return Err(FieldError::OutOfArea);
        };
        let inside = (Self::LAT.0..=Self::LAT.1).contains(&latitude)
            && (Self::LON.0..=Self::LON.1).contains(&longitude);
        if inside {
            Ok(Some(GeoPoint {
                latitude,
                longitude,
            }))
        } else {
            Err(FieldError::OutOfArea)
        }
    }

    /// Great-circle distance in metres.
    pub fn distance_m(self, other: GeoPoint) -> f64 {
        let r = 6_371_000.0_f64;
        let (p1, p2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let dp = p2 - p1;
        let dl = (other.longitude - self.longitude).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * r * a.sqrt().asin()
    }
}

/// Step 1 as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryForm {
    #[serde(default)]
    pub category: String,
}

impl CategoryForm {
    /// `categories` are the active categories' codes and kinds.
    pub fn validate(&self, categories: &[(String, Kind)]) -> Result<(String, Kind), Vec<Problem>> {
        let code = self.category.trim();
        if code.is_empty() {
            return Err(vec![Problem {
                field: "category",
                error: FieldError::Required,
            }]);
        }
        categories
            .iter()
            .find(|(c, _)| c == code)
            .cloned()
            .ok_or_else(|| {
                vec![Problem {
                    field: "category",
                    error: FieldError::NotAChoice,
                }]
            })
    }
}

/// Where the problem is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The code of the town or subdistrict.
    pub town: String,
    pub address: AddressText,
    pub point: Option<GeoPoint>,
}

/// Step 2 as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationForm {
    #[serde(default)]
    pub town: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub latitude: String,
    #[serde(default)]
    pub longitude: String,
}

impl LocationForm {
    pub fn validate(&self, towns: &[String]) -> Result<Location, Vec<Problem>> {
        let mut problems = Vec::new();
        let town = self.town.trim();
        let town = collect(
            &mut problems,
            "town",
            if town.is_empty() {
                Err(FieldError::Required)
            } else if towns.iter().any(|t| t == town) {
                Ok(town.to_owned())
            } else {
                Err(FieldError::NotAChoice)
            },
        );
        let address = collect(&mut problems, "address", AddressText::parse(&self.address));
        let point = collect(
            &mut problems,
            "location",
            GeoPoint::parse(&self.latitude, &self.longitude),
        );
        match (town, address, point) {
            (Some(town), Some(address), Some(point)) => Ok(Location {
                town,
                address,
                point,
            }),
            _ => Err(problems),
        }
    }

    pub fn from_answer(l: &Location) -> LocationForm {
        LocationForm {
            town: l.town.clone(),
            address: l.address.as_str().to_owned(),
            latitude: l.point.map(|p| p.latitude.to_string()).unwrap_or_default(),
            longitude: l.point.map(|p| p.longitude.to_string()).unwrap_or_default(),
        }
    }
}

/// The category's own questions and the description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Details {
    Noise {
        when: NoiseTime,
        recurring: bool,
        description: Description,
    },
    Fumes {
        business: BusinessName,
        kind: FumeKind,
        description: Description,
    },
}

impl Details {
    pub fn description(&self) -> &Description {
        match self {
            Details::Noise { description, .. } | Details::Fumes { description, .. } => description,
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Details::Noise { .. } => Kind::Noise,
            Details::Fumes { .. } => Kind::Fumes,
        }
    }

    /// Night noise (22:00–06:00) is more urgent.
    pub fn is_urgent(&self) -> bool {
        matches!(
            self,
            Details::Noise {
                when: NoiseTime::Night | NoiseTime::Both,
                ..
            }
        )
    }
}

/// Step 3 as posted (noise fields and fume fields; the category decides
/// which are read).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsForm {
    #[serde(default)]
    pub when: String,
    #[serde(default)]
    pub recurring: String,
    #[serde(default)]
    pub business: String,
    #[serde(default)]
    pub fume_kind: String,
    #[serde(default)]
    pub description: String,
    /// Asked one question at a time (the elderly-friendly mode): the
    /// question this form answers, 1-based; empty when all are asked at
    /// once.
    #[serde(default)]
    pub question: String,
    /// "Previous question" was pressed (one question at a time).
    #[serde(default)]
    pub back: String,
}

fn yes_no(raw: &str) -> Result<bool, FieldError> {
    match raw.trim() {
        "" => Err(FieldError::Required),
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(FieldError::NotAChoice),
    }
}

impl DetailsForm {
    /// `kind`'s questions, in the order they are asked (a field each).
    pub fn questions(kind: Kind) -> &'static [&'static [&'static str]] {
        match kind {
            Kind::Noise => &[&["when"], &["recurring"], &["description"]],
            Kind::Fumes => &[&["business"], &["fume_kind"], &["description"]],
        }
    }

    /// The question this form was asked, if asked one at a time.
    pub fn asked(&self, kind: Kind) -> Option<usize> {
        one_at_a_time::asked(&self.question, Self::questions(kind).len())
    }

    /// One question at a time: what to ask after this form, or the
    /// problems of the questions answered so far.
    pub fn next_question(&self, kind: Kind) -> Result<NextQuestion, Vec<Problem>> {
        one_at_a_time::next(
            &self.question,
            !self.back.is_empty(),
            Self::questions(kind),
            || self.validate(kind).err().unwrap_or_default(),
        )
    }

    pub fn validate(&self, kind: Kind) -> Result<Details, Vec<Problem>> {
        let mut p = Vec::new();
        let details = match kind {
            Kind::Noise => {
                let when = collect(&mut p, "when", NoiseTime::parse(&self.when));
                let recurring = collect(&mut p, "recurring", yes_no(&self.recurring));
                let description =
                    collect(&mut p, "description", Description::parse(&self.description));
                match (when, recurring, description) {
                    (Some(when), Some(recurring), Some(description)) => Some(Details::Noise {
                        when,
                        recurring,
                        description,
                    }),
                    _ => None,
                }
            }
            Kind::Fumes => {
                let business = collect(&mut p, "business", BusinessName::parse(&self.business));
                let fume = collect(&mut p, "fume_kind", FumeKind::parse(&self.fume_kind));
                let description =
                    collect(&mut p, "description", Description::parse(&self.description));
                match (business, fume, description) {
                    (Some(business), Some(kind), Some(description)) => Some(Details::Fumes {
                        business,
                        kind,
                        description,
                    }),
                    _ => None,
                }
            }
        };
        details.ok_or(p)
    }

    pub fn from_answer(d: &Details) -> DetailsForm {
        match d {
            Details::Noise {
                when,
                recurring,
                description,
            } => DetailsForm {
                when: when.code().to_owned(),
                recurring: if *recurring { "yes" } else { "no" }.to_owned(),
                description: description.as_str().to_owned(),
                ..DetailsForm::default()
            },
            Details::Fumes {
                business,
                kind,
                description,
            } => DetailsForm {
                business: business.as_str().to_owned(),
                fume_kind: kind.code().to_owned(),
                description: description.as_str().to_owned(),
                ..DetailsForm::default()
            },
        }
    }
}

/// Who complains, and what of it the public may see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: PersonName,
    pub phone: MobileNumber,
    /// The resident lets the public board show the case (masked text,
    /// town and road; never the name or number).
    pub public: bool,
    /// For news of the case by email too (optional).
    #[serde(default)]
    pub email: Option<EmailAddress>,
}

/// Step 5 as posted. Checkboxes are absent when unticked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub public: String,
    #[serde(default)]
    pub consent: String,
    /// Asked one question at a time: the question this form answers.
    #[serde(default)]
    pub question: String,
    /// "Previous question" was pressed (one question at a time).
    #[serde(default)]
    pub back: String,
}

impl ContactForm {
    /// The questions, in the order they are asked one at a time.
    pub const QUESTIONS: &'static [&'static [&'static str]] =
        &[&["name"], &["phone"], &["email"], &["public"], &["consent"]];

    /// The question this form was asked, if asked one at a time.
    pub fn asked(&self) -> Option<usize> {
        one_at_a_time::asked(&self.question, Self::QUESTIONS.len())
    }

    /// One question at a time: what to ask after this form, or the
    /// problems of the questions answered so far.
    pub fn next_question(&self) -> Result<NextQuestion, Vec<Problem>> {
        one_at_a_time::next(
            &self.question,
            !self.back.is_empty(),
            Self::QUESTIONS,
            || self.validate().err().unwrap_or_default(),
        )
    }

    pub fn validate(&self) -> Result<Contact, Vec<Problem>> {
        let mut p = Vec::new();
        let name = collect(&mut p, "name", PersonName::parse(&self.name));
        let phone = collect(&mut p, "phone", MobileNumber::parse(&self.phone));
        let email = collect(
            &mut p,
            "email",
            if self.email.trim().is_empty() {
                Ok(None)
            } else {
                EmailAddress::parse(&self.email).map(Some)
            },
        );
        let public = collect(
            &mut p,
            "public",
            match self.public.trim() {
                "" | "no" => Ok(false),
                "yes" => Ok(true),
                _ => Err(FieldError::NotAChoice),
            },
        );
        let consent = collect(
            &mut p,
            "consent",
            match self.consent.trim() {
                "yes" => Ok(()),
                "" => Err(FieldError::Required),
                _ => Err(FieldError::NotAChoice),
            },
        );
        match (name, phone, email, public, consent) {
            (Some(name), Some(phone), Some(email), Some(public), Some(())) => Ok(Contact {
                name,
                phone,
                public,
                email,
            }),
            _ => Err(p),
        }
    }

    pub fn from_answer(c: &Contact) -> ContactForm {
        ContactForm {
            name: c.name.as_str().to_owned(),
            phone: c.phone.as_str().to_owned(),
            email: c
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            public: if c.public { "yes" } else { "" }.to_owned(),
            consent: "yes".to_owned(),
            ..ContactForm::default()
        }
    }
}

/// The answers given so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub category: Option<(String, Kind)>,
    pub location: Option<Location>,
    pub details: Option<Details>,
    /// The photo step was passed (photos are optional).
    pub photos_done: bool,
    pub contact: Option<Contact>,
}

impl Draft {
    /// The first step still to answer; `Check` when everything is there.
    pub fn first_open_step(&self) -> Step {
        if self.category.is_none() {
            Step::Category
        } else if self.location.is_none() {
            Step::Location
        } else if self
            .details
            .as_ref()
            .zip(self.category.as_ref())
            .is_none_or(|(d, (_, kind))| d.kind() != *kind)
        {
            Step::Details
        } else if !self.photos_done {
            Step::Photos
        } else if self.contact.is_none() {
            Step::Contact
        } else {
            Step::Check
        }
    }

    /// A step may be shown once every step before it is answered.
    pub fn may_show(&self, step: Step) -> bool {
        step <= self.first_open_step()
    }

    /// Records the category; another kind of category makes the details
    /// questions different, so their answers are dropped.
    pub fn set_category(&mut self, code: String, kind: Kind) {
        if self.details.as_ref().is_some_and(|d| d.kind() != kind) {
            self.details = None;
        }
        self.category = Some((code, kind));
    }

    /// Everything needed to submit, or the first step still open.
    pub fn complete(&self) -> Result<Complete<'_>, Step> {
        match (
            self.first_open_step(),
            &self.category,
            &self.location,
            &self.details,
            &self.contact,
        ) {
            (Step::Check, Some((category, _)), Some(location), Some(details), Some(contact)) => {
                Ok(Complete {
                    category,
                    location,
                    details,
                    contact,
                })
            }
            (step, ..) => Err(step),
        }
    }
}

/// A draft with every answer.
#[derive(Clone, Copy, Debug)]
pub struct Complete<'a> {
    pub category: &'a str,
    pub location: &'a Location,
    pub details: &'a Details,
    pub contact: &'a Contact,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_and_contact_ask_one_question_at_a_time() {
        let details = |question: &str, when: &str| DetailsForm {
            when: when.to_owned(),
            question: question.to_owned(),
            ..DetailsForm::default()
        };
        // The first answered: on to the second, the others not asked yet.
        assert_eq!(
            details("1", "night").next_question(Kind::Noise),
            Ok(NextQuestion::Ask(2))
        );
        let problems = details("2", "night")
            .next_question(Kind::Noise)
            .unwrap_err();
        assert_eq!(fields(&problems), [("recurring", "required")]);
        assert_eq!(DetailsForm::questions(Kind::Fumes)[0], ["business"]);
        assert_eq!(details("3", "").asked(Kind::Noise), Some(3));
        assert_eq!(details("4", "").asked(Kind::Noise), None);

        let contact = |question: &str, name: &str, phone: &str| ContactForm {
            name: name.to_owned(),
            phone: phone.to_owned(),
            question: question.to_owned(),
            ..ContactForm::default()
        };
        assert_eq!(
            contact("1", "王阿姨", "").next_question(),
            Ok(NextQuestion::Ask(2))
        );
        assert_eq!(
            fields(&contact("2", "王阿姨", "123").next_question().unwrap_err()),
            [("phone", "not_a_mobile_number")]
        );
        // Email is optional and "public" unticked is an answer: on to consent.
        assert_eq!(
            contact("4", "王阿姨", "13812345678").next_question(),
            Ok(NextQuestion::Ask(5))
        );
        // Consent, the last: the whole form is checked.
        assert_eq!(
            contact("5", "王阿姨", "13812345678").next_question(),
            Ok(NextQuestion::Done)
        );
        let back = ContactForm {
            back: "yes".to_owned(),
            ..contact("3", "", "")
        };
        assert_eq!(back.next_question(), Ok(NextQuestion::Ask(2)));
    }

    fn towns() -> Vec<String> {
        vec!["nanxiang".to_owned(), "anting".to_owned()]
    }

    fn fields(problems: &[Problem]) -> Vec<(&str, &str)> {
        problems.iter().map(|p| (p.field, p.error.code())).collect()
    }

    #[test]
    fn category_must_be_one_offered() {
        let cats = vec![("noise_construction".to_owned(), Kind::Noise)];
        let ok = CategoryForm {
            category: "noise_construction".into(),
        };
        assert_eq!(ok.validate(&cats).unwrap().1, Kind::Noise);
        let forged = CategoryForm {
            category: "air".into(),
        };
        assert_eq!(
            fields(&forged.validate(&cats).unwrap_err()),
            [("category", "not_a_choice")]
        );
        assert_eq!(
            fields(&CategoryForm::default().validate(&cats).unwrap_err()),
            [("category", "required")]
        );
    }

    #[test]
    fn location_reports_every_problem() {
        let form = LocationForm {
            town: "paris".into(),
            address: "a".into(),
            latitude: "48.85".into(),
            longitude: "2.35".into(),
        };
        assert_eq!(
            fields(&form.validate(&towns()).unwrap_err()),
            [
                ("town", "not_a_choice"),
                ("address", "too_short"),
                ("location", "out_of_area")
            ]
        );
        let ok = LocationForm {
            town: "nanxiang".into(),
            address: "南翔镇古猗园路12号".into(),
            latitude: "31.2973".into(),
            longitude: "121.3187".into(),
        };
        let l = ok.validate(&towns()).unwrap();
        assert!(l.point.is_some());
        assert_eq!(LocationForm::from_answer(&l).validate(&towns()).unwrap(), l);
        let half = LocationForm {
            longitude: String::new(),
            ..ok.clone()
        };
        assert!(half.validate(&towns()).is_err());
        let none = LocationForm {
            latitude: String::new(),
            longitude: String::new(),
            ..ok
        };
        assert_eq!(none.validate(&towns()).unwrap().point, None);
    }

    #[test]
    fn details_follow_the_kind() {
        let noise = DetailsForm {
            when: "night".into(),
            recurring: "yes".into(),
            description: "工地每晚十一点以后还在打桩，无法入睡。".into(),
            ..DetailsForm::default()
        };
        let d = noise.validate(Kind::Noise).unwrap();
        assert!(d.is_urgent());
        assert_eq!(DetailsForm::from_answer(&d), noise);
        assert_eq!(
            fields(&noise.validate(Kind::Fumes).unwrap_err()),
            [("business", "required"), ("fume_kind", "required")]
        );
        let forged = DetailsForm {
            when: "always".into(),
            recurring: "maybe".into(),
            description: "short".into(),
            ..DetailsForm::default()
        };
        assert_eq!(
            fields(&forged.validate(Kind::Noise).unwrap_err()),
            [
                ("when", "not_a_choice"),
                ("recurring", "not_a_choice"),
                ("description", "too_short")
            ]
        );
    }

    #[test]
    fn contact_needs_consent() {
        let mut form = ContactForm {
            name: "张三".into(),
            phone: "138 1234 5678".into(),
            email: "zhangsan@example".into(),
            public: "yes".into(),
            consent: String::new(),
            ..ContactForm::default()
        };
        assert_eq!(
            fields(&form.validate().unwrap_err()),
            [("email", "not_an_email"), ("consent", "required")]
        );
        form.consent = "yes".into();
        form.email = "zhangsan@example.cn".into();
        let c = form.validate().unwrap();
        assert!(c.public);
        assert_eq!(c.phone.as_str(), "13812345678");
        assert_eq!(c.email.unwrap().as_str(), "zhangsan@example.cn");
        form.public = String::new();
        form.email = " ".into();
        let c = form.validate().unwrap();
        assert!(!c.public);
        assert_eq!(c.email, None, "the address is optional");
    }

    #[test]
    fn steps_open_in_order_and_a_new_kind_drops_the_details() {
        let mut draft = Draft::default();
        assert_eq!(draft.first_open_step(), Step::Category);
        assert!(!draft.may_show(Step::Location));
        draft.set_category("noise_construction".into(), Kind::Noise);
        draft.location = Some(
            LocationForm {
                town: "anting".into(),
                address: "安亭镇墨玉路185弄".into(),
                ..LocationForm::default()
            }
            .validate(&towns())
            .unwrap(),
        );
        draft.details = Some(
            DetailsForm {
                when: "day".into(),
                recurring: "no".into(),
                description: "白天施工噪声很大，持续了一整天。".into(),
                ..DetailsForm::default()
            }
            .validate(Kind::Noise)
            .unwrap(),
        );
        assert_eq!(draft.first_open_step(), Step::Photos);
        draft.photos_done = true;
        draft.contact = Some(
            ContactForm {
                name: "李四".into(),
                phone: "13912345678".into(),
                public: String::new(),
                consent: "yes".into(),
                ..ContactForm::default()
            }
            .validate()
            .unwrap(),
        );
        assert!(draft.complete().is_ok());
        draft.set_category("noise_traffic".into(), Kind::Noise);
        assert!(draft.complete().is_ok(), "same kind keeps the details");
        draft.set_category("fumes_restaurant".into(), Kind::Fumes);
        assert_eq!(draft.complete().unwrap_err(), Step::Details);
        assert!(draft.may_show(Step::Details) && !draft.may_show(Step::Check));
    }

    #[test]
    fn step_paths_and_distance() {
        assert_eq!(Step::Category.path(), "/complaints/new");
        assert_eq!(Step::Photos.path(), "/complaints/new/photos");
        assert_eq!(Step::Contact.number(), 5);
        assert_eq!(Step::Check.next(), Step::Check);
        assert_eq!(Step::Location.previous(), Some(Step::Category));
        let a = GeoPoint {
            latitude: 31.3,
            longitude: 121.25,
        };
        let b = GeoPoint {
            latitude: 31.3009,
            longitude: 121.25,
        };
        let d = a.distance_m(b);
        assert!((95.0..105.0).contains(&d), "{d}");
    }
}
