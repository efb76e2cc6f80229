//! What the demo shop sells: the category tree, brands and a deterministic product generator.
//! Pure data and rules, no database: `writer.rs` stores what this plans.
//!
//! Long: most of it is the demo catalog itself (categories, brands, names, colours) as data.

use rand::rngs::SmallRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

/// The kind of goods a category holds: decides options, specifications and the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Apparel,
    Footwear,
    Audio,
    Kitchen,
    Lighting,
    Books,
    Outdoor,
    Beauty,
    Garden,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Apparel,
        Kind::Footwear,
        Kind::Audio,
        Kind::Kitchen,
        Kind::Lighting,
        Kind::Books,
        Kind::Outdoor,
        Kind::Beauty,
        Kind::Garden,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Apparel => "apparel",
            Kind::Footwear => "footwear",
            Kind::Audio => "audio",
            Kind::Kitchen => "kitchen",
            Kind::Lighting => "lighting",
            Kind::Books => "books",
            Kind::Outdoor => "outdoor",
            Kind::Beauty => "beauty",
            Kind::Garden => "garden",
        }
    }
}

pub struct TopCategory {
    pub slug: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub kind: Kind,
    pub brands: &'static [&'static str],
    pub children: &'static [SubCategory],
}

pub struct SubCategory {
    pub slug: &'static str,
    pub name: &'static str,
    pub nouns: &'static [&'static str],
    /// Whole currency units.
    pub price_range: (i64, i64),
}

pub const CATEGORIES: &[TopCategory] = &[
    TopCategory {
        slug: "clothing",
        name: "Clothing",
        description: "Shirts, tees and jackets cut from natural fibres, made to be worn for years.",
        kind: Kind::Apparel,
        brands: &["Nordlys", "Marlow", "Vistula Works"],
        children: &[
            SubCategory {
                slug: "t-shirts",
                name: "T-shirts",
                nouns: &["T-Shirt", "Crew Tee", "Pocket Tee", "Henley"],
                price_range: (19, 45),
            },
            SubCategory {
                slug: "shirts",
                name: "Shirts",
                nouns: &["Linen Shirt", "Oxford Shirt", "Flannel Shirt", "Overshirt"],
                price_range: (39, 95),
            },
            SubCategory {
                slug: "jackets",
                name: "Jackets",
                nouns: &["Rain Jacket", "Chore Coat", "Down Vest", "Field Jacket"],
                price_range: (79, 249),
            },
        ],
    },
    TopCategory {
        slug: "footwear",
        name: "Footwear",
        description: "Sneakers and boots with honest soles and leather that ages well.",
        kind: Kind::Footwear,
        brands: &["Atlas Footwear", "Kestrel & Co"],
        children: &[
            SubCategory {
                slug: "sneakers",
                name: "Sneakers",
                nouns: &["Court Sneaker", "Runner", "Canvas Low", "Trail Runner"],
                price_range: (59, 160),
            },
            SubCategory {
                slug: "boots",
                name: "Boots",
                nouns: &["Chelsea Boot", "Hiking Boot", "Work Boot"],
                price_range: (110, 260),
            },
        ],
    },
    TopCategory {
        slug: "audio",
        name: "Audio",
        description: "Headphones and speakers tuned for long listening.",
        kind: Kind::Audio,
        brands: &["Aurora Audio", "Fenwick"],
        children: &[
            SubCategory {
                slug: "headphones",
                name: "Headphones",
                nouns: &[
                    "Wireless Headphones",
                    "Studio Headphones",
                    "Noise-Cancelling Headphones",
                ],
                price_range: (49, 349),
            },
            SubCategory {
                slug: "speakers",
                name: "Speakers",
                nouns: &["Bookshelf Speaker", "Portable Speaker", "Smart Speaker"],
                price_range: (39, 299),
            },
        ],
    },
    TopCategory {
        slug: "kitchen",
        name: "Kitchen",
        description: "Stoneware, cast iron and the small tools that make cooking a pleasure.",
        kind: Kind::Kitchen,
        brands: &["Sakura Home", "Oakhollow", "Tamarind"],
        children: &[
            SubCategory {
                slug: "mugs-and-cups",
                name: "Mugs & cups",
                nouns: &["Stoneware Mug", "Espresso Cup", "Travel Mug", "Tea Cup"],
                price_range: (9, 29),
            },
            SubCategory {
                slug: "cookware",
                name: "Cookware",
                nouns: &["Cast Iron Skillet", "Dutch Oven", "Saucepan", "Wok"],
                price_range: (29, 189),
            },
        ],
    },
    TopCategory {
        slug: "lighting",
        name: "Lighting",
        description: "Lamps in steel, brass and linen for desks, corners and bedsides.",
        kind: Kind::Lighting,
        brands: &["Lumen Lab", "Oakhollow"],
        children: &[
            SubCategory {
                slug: "desk-lamps",
                name: "Desk lamps",
                nouns: &["Desk Lamp", "Task Lamp", "Clamp Lamp"],
                price_range: (35, 149),
            },
            SubCategory {
                slug: "floor-lamps",
                name: "Floor lamps",
                nouns: &["Floor Lamp", "Arc Lamp", "Reading Lamp"],
                price_range: (89, 329),
            },
        ],
    },
    TopCategory {
        slug: "books",
        name: "Books",
        description: "Novels and cookbooks from independent presses.",
        kind: Kind::Books,
        brands: &["Pinewood Press", "Vistula Works"],
        children: &[
            SubCategory {
                slug: "fiction",
                name: "Fiction",
                nouns: &["Novel", "Short Stories", "Saga"],
                price_range: (9, 29),
            },
            SubCategory {
                slug: "cookbooks",
                name: "Cookbooks",
                nouns: &["Cookbook", "Baking Book", "Kitchen Notes"],
                price_range: (19, 45),
            },
        ],
    },
    TopCategory {
        slug: "outdoor",
        name: "Outdoor",
        description: "Packs and mats for trails, commutes and the studio.",
        kind: Kind::Outdoor,
        brands: &["Bromo Outdoor", "Kestrel & Co", "Koru"],
        children: &[
            SubCategory {
                slug: "backpacks",
                name: "Backpacks",
                nouns: &["Daypack", "Rolltop Backpack", "Hiking Pack"],
                price_range: (45, 199),
            },
            SubCategory {
                slug: "yoga",
                name: "Yoga",
                nouns: &["Yoga Mat", "Yoga Block", "Travel Mat"],
                price_range: (15, 89),
            },
        ],
    },
    TopCategory {
        slug: "beauty",
        name: "Beauty",
        description: "Skincare and fragrance with short, readable ingredient lists.",
        kind: Kind::Beauty,
        brands: &["Selene Beauty", "Tamarind"],
        children: &[
            SubCategory {
                slug: "skincare",
                name: "Skincare",
                nouns: &["Face Serum", "Day Cream", "Cleansing Oil"],
                price_range: (14, 69),
            },
            SubCategory {
                slug: "fragrance",
                name: "Fragrance",
                nouns: &["Eau de Parfum", "Body Mist", "Solid Perfume"],
                price_range: (29, 129),
            },
        ],
    },
    TopCategory {
        slug: "garden",
        name: "Garden",
        description: "Houseplants and planters that bring a little green indoors.",
        kind: Kind::Garden,
        brands: &["Greenhouse No. 9", "Koru"],
        children: &[
            SubCategory {
                slug: "plants",
                name: "Plants",
                nouns: &["Monstera", "Fiddle Leaf Fig", "Snake Plant", "Pothos"],
                price_range: (15, 89),
            },
            SubCategory {
                slug: "planters",
                name: "Planters",
                nouns: &["Ceramic Planter", "Hanging Planter", "Terracotta Pot"],
                price_range: (12, 79),
            },
        ],
    },
];

/// Every brand of the demo shop, in the order they are stored.
pub fn brand_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for top in CATEGORIES {
        for brand in top.brands {
            if !names.contains(brand) {
                names.push(brand);
            }
        }
    }
    for extra in ["Harbor Goods", "Meadow & Moss"] {
        if !names.contains(&extra) {
            names.push(extra);
        }
    }
    names
}

/// A colour on the demo palette: the name shoppers pick and the hex the drawing uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    pub name: &'static str,
    pub hex: &'static str,
}

pub const PALETTE: &[Colour] = &[
    Colour {
        name: "Black",
        hex: "#23262b",
    },
    Colour {
        name: "Navy",
        hex: "#1f3a5f",
    },
    Colour {
        name: "Olive",
        hex: "#66783a",
    },
    Colour {
        name: "Terracotta",
        hex: "#c0603d",
    },
    Colour {
        name: "Sand",
        hex: "#cdb48c",
    },
    Colour {
        name: "Sky",
        hex: "#5f9fd6",
    },
    Colour {
        name: "Forest",
        hex: "#2f6b4f",
    },
    Colour {
        name: "Burgundy",
        hex: "#7a2438",
    },
    Colour {
        name: "Charcoal",
        hex: "#4a4f55",
    },
    Colour {
        name: "Mustard",
        hex: "#cf9a17",
    },
    Colour {
        name: "Blush",
        hex: "#dd9aa2",
    },
    Colour {
        name: "Ivory",
        hex: "#e9e2cf",
    },
];

const ADJECTIVES: &[&str] = &[
    "Everyday",
    "Classic",
    "Essential",
    "Heritage",
    "Urban",
    "Coastal",
    "Alpine",
    "Studio",
    "Weekend",
    "Nordic",
    "Signature",
    "Field",
    "Harbor",
    "Summit",
    "Meadow",
    "Metro",
    "Atelier",
    "Drift",
    "Solstice",
    "Tundra",
    "Lagoon",
    "Ember",
    "Willow",
    "Granite",
];

/// One option axis of a product and the values its variants take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionAxis {
    pub name: &'static str,
    pub values: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PlannedVariant {
    pub sku: String,
    /// One value per axis of the product, in axis order.
    pub values: Vec<String>,
    pub price_minor: i64,
    pub compare_at_minor: Option<i64>,
    pub weight_grams: i32,
    /// Index into the product's colours: which image shows this variant.
    pub colour_index: usize,
    /// Units on hand per location, in the order the locations are stored.
    pub stock: [i32; 2],
}

#[derive(Debug, Clone)]
pub struct PlannedProduct {
    pub name: String,
    pub description: String,
    /// Index into the flattened list of sub-categories (`sub_categories()`).
    pub sub_category: usize,
    pub brand: &'static str,
    pub kind: Kind,
    pub colours: Vec<Colour>,
    pub axes: Vec<OptionAxis>,
    pub variants: Vec<PlannedVariant>,
    pub specifications: Vec<(&'static str, String)>,
    pub published: bool,
    pub days_old: i64,
}

/// Sub-categories with the top category they belong to, in a stable order.
pub fn sub_categories() -> Vec<(&'static TopCategory, &'static SubCategory)> {
    CATEGORIES
        .iter()
        .flat_map(|top| top.children.iter().map(move |sub| (top, sub)))
        .collect()
}

/// Deterministic: the same index always plans the same product, so demo shops look alike and
/// tests can rely on their shape. The random draws come in a fixed order (brand, colours, price,
/// sale, then per variant its stock and weight, then the description, the specifications and
/// the age): changing that order changes every demo shop.
pub fn plan_product(index: usize) -> PlannedProduct {
    let mut rng = SmallRng::seed_from_u64(0x6d65_7263_6174_6f00 ^ index as u64);
    let subs = sub_categories();
    let sub_index = index % subs.len();
    let (top, sub) = subs[sub_index];
    let kind = top.kind;
    let brand = top.brands[rng.random_range(0..top.brands.len())];
    let name = product_name(index, subs.len(), sub);
    let colours = pick_colours(kind, &mut rng);
    let pricing = Pricing::draw(sub, &mut rng);
    let second_axis = second_axis(kind, sub);
    let axes = axes_of(kind, &colours, second_axis.as_ref());
    let variants = plan_variants(
        kind,
        index,
        &colours,
        second_axis.as_ref(),
        pricing,
        &mut rng,
    );
    let description = describe(kind, &name, brand, &mut rng);
    let specifications = specify(kind, &mut rng);
    PlannedProduct {
        name,
        description,
        sub_category: sub_index,
        brand,
        kind,
        colours,
        axes,
        variants,
        specifications,
        published: index % 37 != 36,
        days_old: rng.random_range(0..365),
    }
}

/// An adjective and a noun of the sub-category, walking through all pairs as the index grows.
fn product_name(index: usize, sub_count: usize, sub: &SubCategory) -> String {
    let adjective = ADJECTIVES[(index / sub_count) % ADJECTIVES.len()];
    let noun = sub.nouns[(index / (sub_count * ADJECTIVES.len())) % sub.nouns.len()];
    format!("{adjective} {noun}")
}

/// One colour for books and beauty, one to three for the rest, sorted by name.
fn pick_colours(kind: Kind, rng: &mut SmallRng) -> Vec<Colour> {
    let colour_count = match kind {
        Kind::Books | Kind::Beauty => 1,
        _ => rng.random_range(1..=3),
    };
    let mut colours: Vec<Colour> = PALETTE
        .choose_multiple(rng, colour_count)
        .copied()
        .collect();
    colours.sort_by_key(|c| c.name);
    colours
}

/// The product's base price (a whole amount less one minor unit) and whether it is on sale.
#[derive(Debug, Clone, Copy)]
struct Pricing {
    base_minor: i64,
    on_sale: bool,
}

impl Pricing {
    fn draw(sub: &SubCategory, rng: &mut SmallRng) -> Pricing {
        let (low, high) = sub.price_range;
        let base_minor = rng.random_range(low..=high) * 100 - 1;
        let on_sale = rng.random_bool(0.15);
        Pricing {
            base_minor,
            on_sale,
        }
    }

    /// Larger sizes and capacities cost a little more, as they do in real shops.
    fn price_of(self, step: usize) -> i64 {
        self.base_minor + (step as i64) * (self.base_minor / 20 / 100) * 100
    }

    fn compare_at(self, price_minor: i64) -> Option<i64> {
        self.on_sale.then(|| (price_minor + 1) * 5 / 4 - 1)
    }
}

/// The option besides colour, if the kind of goods has one.
fn second_axis(kind: Kind, sub: &SubCategory) -> Option<OptionAxis> {
    match kind {
        Kind::Apparel => Some(axis("Size", &["S", "M", "L", "XL"])),
        Kind::Footwear => Some(axis("Size", &["39", "40", "41", "42", "43", "44"])),
        Kind::Books => Some(axis("Format", &["Paperback", "Hardcover"])),
        Kind::Beauty => Some(axis("Size", &["50 ml", "100 ml"])),
        Kind::Outdoor if sub.slug == "backpacks" => Some(axis("Capacity", &["18 L", "28 L"])),
        Kind::Garden if sub.slug == "plants" => Some(axis("Pot size", &["12 cm", "17 cm"])),
        _ => None,
    }
}

/// Books and beauty come in one colour that is not an option.
fn has_colour_axis(kind: Kind) -> bool {
    !matches!(kind, Kind::Books | Kind::Beauty)
}

fn axes_of(kind: Kind, colours: &[Colour], second_axis: Option<&OptionAxis>) -> Vec<OptionAxis> {
    let mut axes = Vec::new();
    if has_colour_axis(kind) {
        axes.push(OptionAxis {
            name: "Colour",
            values: colours.iter().map(|c| c.name.to_string()).collect(),
        });
    }
    if let Some(second) = second_axis {
        axes.push(second.clone());
    }
    axes
}

/// One variant per colour and value of the second axis, colour by colour.
fn plan_variants(
    kind: Kind,
    index: usize,
    colours: &[Colour],
    second_axis: Option<&OptionAxis>,
    pricing: Pricing,
    rng: &mut SmallRng,
) -> Vec<PlannedVariant> {
    let sku_stem = format!("{}-{:06}", &kind.key()[..3].to_ascii_uppercase(), index + 1);
    let second_values = second_axis.map(|a| a.values.clone()).unwrap_or_default();
    let mut variants = Vec::new();
    for (colour_index, colour) in colours.iter().enumerate() {
        let seconds: Vec<Option<&String>> = if second_values.is_empty() {
            vec![None]
        } else {
            second_values.iter().map(Some).collect()
        };
        for (step, second) in seconds.into_iter().enumerate() {
            let (sku, values) = sku_and_values(&sku_stem, kind, colour, second);
            let price_minor = pricing.price_of(step);
            let stock = draw_stock(rng);
            variants.push(PlannedVariant {
                sku,
                values,
                price_minor,
                compare_at_minor: pricing.compare_at(price_minor),
                weight_grams: weight_for(kind, rng),
                colour_index,
                stock,
            });
        }
    }
    variants
}

/// A variant's SKU (the stem, then a code per option) and its option values, in axis order.
fn sku_and_values(
    sku_stem: &str,
    kind: Kind,
    colour: &Colour,
    second: Option<&String>,
) -> (String, Vec<String>) {
    let mut values = Vec::new();
    let mut sku = sku_stem.to_string();
    if has_colour_axis(kind) {
        values.push(colour.name.to_string());
        sku.push('-');
        sku.push_str(&colour.name[..3].to_ascii_uppercase());
    }
    if let Some(second) = second {
        values.push(second.clone());
        let code: String = second
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        sku.push('-');
        sku.push_str(&code.to_ascii_uppercase());
    }
    (sku, values)
}

/// Units on hand at the warehouse and the store: one variant in ten is sold out, one nearly.
fn draw_stock(rng: &mut SmallRng) -> [i32; 2] {
    match rng.random_range(0..10) {
        0 => [0, 0],
        1 => [rng.random_range(1..=3), 0],
        _ => [rng.random_range(4..=60), rng.random_range(0..=8)],
    }
}

fn axis(name: &'static str, values: &[&str]) -> OptionAxis {
    OptionAxis {
        name,
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

fn weight_for(kind: Kind, rng: &mut SmallRng) -> i32 {
    let (low, high) = match kind {
        Kind::Apparel => (150, 900),
        Kind::Footwear => (600, 1400),
        Kind::Audio => (180, 4000),
        Kind::Kitchen => (250, 5000),
        Kind::Lighting => (900, 6000),
        Kind::Books => (200, 1200),
        Kind::Outdoor => (400, 1800),
        Kind::Beauty => (60, 350),
        Kind::Garden => (500, 6000),
    };
    rng.random_range(low..=high)
}

fn pick<'a>(rng: &mut SmallRng, items: &'a [&'a str]) -> &'a str {
    items.choose(rng).copied().unwrap_or_default()
}

fn describe(kind: Kind, name: &str, brand: &str, rng: &mut SmallRng) -> String {
    let opener = pick(rng, openers(kind));
    let closer = pick(
        rng,
        &[
            "Ships within one working day.",
            "Free returns within 30 days.",
            "Covered by a two-year warranty.",
            "Packed without plastic.",
        ],
    );
    format!("The {name} by {brand}, {opener}. Designed to be used every day and kept for years. {closer}")
}

/// How a description goes on after the product's name, by kind of goods.
fn openers(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Apparel => &[
            "cut from breathable organic cotton",
            "woven from European linen",
            "made of brushed twill that softens with every wash",
        ],
        Kind::Footwear => &[
            "built on a cushioned rubber sole",
            "made of full-grain leather",
            "stitched on a Goodyear welt so it can be resoled",
        ],
        Kind::Audio => &[
            "tuned for a warm, detailed sound",
            "with 40 mm drivers and deep, controlled bass",
            "with a battery that lasts a long working week",
        ],
        Kind::Kitchen => &[
            "glazed by hand and safe in the dishwasher",
            "cast in one piece for even heat",
            "made to go from hob to table",
        ],
        Kind::Lighting => &[
            "with a dimmable warm-white LED",
            "in powder-coated steel with a linen shade",
            "with an arm that holds any angle",
        ],
        Kind::Books => &[
            "printed on FSC paper with a sewn binding",
            "from an award-winning independent press",
            "with an introduction by the translator",
        ],
        Kind::Outdoor => &[
            "in recycled ripstop that shrugs off rain",
            "with a padded back panel and hip belt",
            "light enough to take everywhere",
        ],
        Kind::Beauty => &[
            "with a short list of plant-based ingredients",
            "free of added fragrance and tested by dermatologists",
            "blended in small batches",
        ],
        Kind::Garden => &[
            "grown in a peat-free mix",
            "that forgives the odd missed watering",
            "in a pot with a drainage hole and saucer",
        ],
    }
}

/// Specifications of a kind of goods: each name with the values one product may have.
type SpecificationChoices = &'static [(&'static str, &'static [&'static str])];

/// One value drawn for each specification of the kind, in order.
fn specify(kind: Kind, rng: &mut SmallRng) -> Vec<(&'static str, String)> {
    specification_choices(kind)
        .iter()
        .map(|(name, values)| (*name, pick(rng, values).to_string()))
        .collect()
}

fn specification_choices(kind: Kind) -> SpecificationChoices {
    match kind {
        Kind::Apparel => APPAREL_SPECIFICATIONS,
        Kind::Footwear => FOOTWEAR_SPECIFICATIONS,
        Kind::Audio => AUDIO_SPECIFICATIONS,
        Kind::Kitchen => KITCHEN_SPECIFICATIONS,
        Kind::Lighting => LIGHTING_SPECIFICATIONS,
        Kind::Books => BOOK_SPECIFICATIONS,
        Kind::Outdoor => OUTDOOR_SPECIFICATIONS,
        Kind::Beauty => BEAUTY_SPECIFICATIONS,
        Kind::Garden => GARDEN_SPECIFICATIONS,
    }
}

const APPAREL_SPECIFICATIONS: SpecificationChoices = &[
    (
        "Material",
        &[
            "100% organic cotton",
            "100% linen",
            "Cotton twill",
            "Merino wool",
        ],
    ),
    ("Fit", &["Regular", "Relaxed", "Slim"]),
    (
        "Care",
        &["Machine wash 30 °C", "Hand wash", "Machine wash 40 °C"],
    ),
    ("Made in", &["Portugal", "Poland", "Italy", "Lithuania"]),
];

const FOOTWEAR_SPECIFICATIONS: SpecificationChoices = &[
    ("Upper", &["Full-grain leather", "Suede", "Organic canvas"]),
    ("Sole", &["Natural rubber", "Vibram rubber", "EVA foam"]),
    ("Lining", &["Leather", "Cotton", "Recycled mesh"]),
    ("Made in", &["Portugal", "Spain", "Italy"]),
];

const AUDIO_SPECIFICATIONS: SpecificationChoices = &[
    (
        "Connectivity",
        &[
            "Bluetooth 5.3",
            "Bluetooth 5.3, USB-C audio",
            "Wi-Fi and Bluetooth",
        ],
    ),
    (
        "Battery life",
        &["30 hours", "40 hours", "20 hours", "Mains powered"],
    ),
    ("Frequency response", &["20 Hz – 20 kHz", "40 Hz – 22 kHz"]),
    ("Warranty", &["2 years", "3 years"]),
];

const KITCHEN_SPECIFICATIONS: SpecificationChoices = &[
    (
        "Material",
        &["Stoneware", "Cast iron", "Stainless steel", "Porcelain"],
    ),
    ("Capacity", &["350 ml", "2.5 L", "4 L", "250 ml"]),
    ("Dishwasher safe", &["Yes", "No"]),
    ("Induction", &["Yes", "No"]),
];

const LIGHTING_SPECIFICATIONS: SpecificationChoices = &[
    (
        "Bulb",
        &["Integrated LED, 8 W", "E27, max 40 W", "GU10 LED"],
    ),
    (
        "Colour temperature",
        &["2700 K", "3000 K", "2200–4000 K adjustable"],
    ),
    ("Height", &["45 cm", "62 cm", "150 cm", "172 cm"]),
    ("Cable", &["2 m textile cable", "1.8 m with in-line switch"]),
];

const BOOK_SPECIFICATIONS: SpecificationChoices = &[
    ("Pages", &["224", "312", "408", "176"]),
    (
        "Language",
        &[
            "English",
            "English (translated from Polish)",
            "English (translated from Italian)",
        ],
    ),
    (
        "Publisher",
        &["Pinewood Press", "Vistula Works", "Harbor Books"],
    ),
    ("Published", &["2021", "2023", "2024", "2025"]),
];

const OUTDOOR_SPECIFICATIONS: SpecificationChoices = &[
    (
        "Material",
        &["Recycled ripstop nylon", "Natural rubber", "Cork and TPE"],
    ),
    (
        "Water resistance",
        &["Water repellent", "Waterproof", "Not applicable"],
    ),
    ("Weight", &["850 g", "1.2 kg", "450 g"]),
    ("Warranty", &["Lifetime", "5 years", "2 years"]),
];

const BEAUTY_SPECIFICATIONS: SpecificationChoices = &[
    (
        "Skin type",
        &["All skin types", "Dry skin", "Sensitive skin"],
    ),
    (
        "Key ingredients",
        &[
            "Hyaluronic acid, niacinamide",
            "Squalane, vitamin E",
            "Bergamot, cedar, vetiver",
        ],
    ),
    ("Vegan", &["Yes", "Yes, cruelty-free"]),
    ("Made in", &["France", "Poland", "Indonesia"]),
];

const GARDEN_SPECIFICATIONS: SpecificationChoices = &[
    ("Light", &["Bright, indirect", "Partial shade", "Low light"]),
    (
        "Watering",
        &["Weekly", "Every two weeks", "When the top soil is dry"],
    ),
    ("Pet safe", &["Yes", "No"]),
    ("Material", &["Terracotta", "Glazed ceramic", "Nursery pot"]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_demo_shop_has_enough_variety() {
        let subs = sub_categories();
        assert!(CATEGORIES.len() >= 8);
        assert!(brand_names().len() >= 15, "{} brands", brand_names().len());
        assert!(subs.len() >= 16);
    }

    #[test]
    fn plans_are_deterministic_and_consistent() {
        let a = plan_product(42);
        let b = plan_product(42);
        assert_eq!(a.name, b.name);
        assert_eq!(a.variants.len(), b.variants.len());
        for product in (0..500).map(plan_product) {
            assert!(!product.variants.is_empty());
            for variant in &product.variants {
                assert_eq!(variant.values.len(), product.axes.len(), "{}", product.name);
                assert!(variant.price_minor > 0);
                assert!(variant
                    .compare_at_minor
                    .is_none_or(|c| c > variant.price_minor));
                assert!(
                    crate::domain::Sku::parse(&variant.sku).is_ok(),
                    "{}",
                    variant.sku
                );
            }
        }
    }

    #[test]
    fn skus_are_unique_across_a_large_catalog() {
        let mut seen = HashSet::new();
        for product in (0..3_000).map(plan_product) {
            for variant in product.variants {
                assert!(
                    seen.insert(variant.sku.clone()),
                    "duplicate {}",
                    variant.sku
                );
            }
        }
    }
}
