//! `cairn seed --scale N` (to be written).
