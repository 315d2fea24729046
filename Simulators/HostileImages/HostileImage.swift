/// Crafted hostile image files for regression tests, fuzzing seeds and end-to-end photo pushes: each is a small
/// file that makes a careless decoder spend a lot of time or memory, or that carries sizes and offsets chosen to
/// overflow arithmetic. They are built here, from the format's own rules, never stored in the repository.
///
/// Every generator is deterministic: the same arguments give the same bytes.
public enum HostileImage {}
