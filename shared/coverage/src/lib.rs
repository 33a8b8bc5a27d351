//! Coverage views, all computed from one read of the technique index (records, review marks and
//! materialised coverage, see `store::catalog::technique_index`) plus the tactics: the cost of a
//! heatmap or an organisation score grows with the number of techniques, never with tests.

pub mod csv_out;
pub mod d3fend;
pub mod dettect;
pub mod layer;
pub mod matrix;
pub mod repair;
pub mod snapshot;

pub use matrix::{Filter, Matrix, TacticColumn, TechniqueCell, load};
