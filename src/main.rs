fn main() -> std::process::ExitCode {
    voices::cli::run()
}
