//! Workspace tasks: `cargo xtask codegen` regenerates the `generated` crate from CSDL.
//!
//! All file IO of code generation lives here; the generator library only maps text to
//! text. Run `cargo xtask codegen --help` for the options.

use xtask::codegen;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match codegen::Options::parse(&args[1..]) {
            Ok(Some(options)) => codegen::run(&options),
            Ok(None) => {
                print!("{}", codegen::HELP);
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}\n\n{}", codegen::HELP);
                ExitCode::from(2)
            }
        },
        Some("--help" | "-h" | "help") | None => {
            print!("usage: cargo xtask <task>\n\ntasks:\n  codegen   regenerate the generated crate (see `cargo xtask codegen --help`)\n");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown task `{other}`; the only task is `codegen`");
            ExitCode::from(2)
        }
    }
}
