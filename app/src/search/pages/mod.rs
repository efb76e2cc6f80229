mod results;

pub use results::SearchPage;
