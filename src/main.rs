//! The `doisoat` binary: parse, run, print the error if any, exit.

use std::process::ExitCode;

use clap::Parser;

/// Matching allocates and frees many small strings on every core; glibc's
/// allocator spends a sixth of a base load on them, mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the `mi_option_e` of mimalloc 3, the version
/// libmimalloc-sys builds (`use_numa_nodes`, which follows it, is 16 there).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Keeps freed memory for reuse instead of giving it back to the system a
/// second later (unless `MIMALLOC_PURGE_DELAY` says otherwise): loading a
/// snapshot and the passes over the input free and allocate large buffers
/// again and again, and every page given back costs a fault and a
/// clearing when it is taken again (10M x 1M from a snapshot: 0.96x the
/// time; peak memory +7 %).
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one allocator option, before any thread is started.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = doisoat::cli::Cli::parse();
    match doisoat::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("doisoat: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" {
        fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    }

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // purge_delay's default in mimalloc 3 (src/options.c) is 1000 ms: the index names that option.
        // SAFETY: reads and sets one allocator option.
        unsafe {
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            mi_option_set(MI_OPTION_PURGE_DELAY, -1);
            assert_eq!(mi_option_get(MI_OPTION_PURGE_DELAY), -1);
        }
    }
}
