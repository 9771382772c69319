//! Gold-corpus readers, scorers and trainers for wirewatch's components.
//!
//! Each reader turns a corpus in its standard format into plain text plus gold annotations with
//! offsets into that text; each scorer compares a component's output with the gold and reports
//! the field's usual measures. Nothing here is used at analysis time.
//!
//! ```
//! use wirewatch_eval::conllu;
//!
//! let token = |w: &str| format!("1\t{w}\t_\t_\t_\t_\t_\t_\t_\t_\n\n");
//! let corpus = format!(
//!     "{}{}{}",
//!     "# newdoc id = d1\n# newpar id = p1\n# text = Hi there.\n",
//!     token("Hi"),
//!     format!("# text = Bye.\n{}", token("Bye")),
//! );
//! let gold = conllu::read("mem.conllu", &corpus).unwrap();
//! assert_eq!(gold.text, "Hi there. Bye.");
//! assert_eq!(gold.sentences, [0..9, 10..14]);
//! ```
#![deny(missing_docs)]

pub mod clusters;
pub mod conll;
pub mod conllu;
pub mod dedup;
pub mod geo;
pub mod gold;
pub mod golden;
pub mod prf;
pub mod quotes;
pub mod sentences;
pub mod timex;
pub mod train;

pub use prf::Prf;
