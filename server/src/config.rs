//! Runtime settings: `Leptos.toml` (next to the binary or named by
//! `--config` / `CAIRN_CONFIG`), then environment variables.
//!
//! The `[site]` table mirrors `[[workspace.metadata.leptos]]` in Cargo.toml
//! (cargo-leptos reads only that one; a test checks both agree). Its keys
//! are overridden by the `LEPTOS_*` variables cargo-leptos sets when it runs
//! the server (`LEPTOS_SITE_ADDR`, …). The `[cairn]` table is Cairn's own,
//! overridden by `CAIRN_*` variables, and `DATABASE_URL` also works.
//! Relative paths in the file are relative to the file's directory, so the
//! binary, `target/site` and `Leptos.toml` can run from any directory.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Site {
    pub output_name: String,
    pub site_root: PathBuf,
    pub site_pkg_dir: String,
    pub site_addr: SocketAddr,
    pub reload_port: u32,
    /// `DEV` or `PROD`.
    pub env: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Cairn {
    /// Empty: SQLite file `cairn.db` in `data-dir`.
    pub database_url: String,
    pub data_dir: PathBuf,
    /// A session ends after this long without a request.
    pub session_idle_minutes: u64,
    /// A session ends this long after sign-in, however active.
    pub session_absolute_hours: u64,
    /// Language for visitors who have not chosen one: `en` or `zh-CN`.
    pub default_language: String,
    /// Seed the demo users on an empty database at start-up.
    pub demo: bool,
    /// Mark cookies `Secure` (set when served over https).
    pub secure_cookies: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub site: Site,
    pub cairn: Cairn,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            site: Site {
                output_name: "cairn".into(),
                site_root: "target/site".into(),
                site_pkg_dir: "pkg".into(),
                site_addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
                reload_port: 3001,
                env: "PROD".into(),
            },
            cairn: Cairn {
                database_url: String::new(),
                data_dir: "data".into(),
                session_idle_minutes: 8 * 60,
                session_absolute_hours: 7 * 24,
                default_language: "en".into(),
                demo: false,
                secure_cookies: false,
            },
        }
    }
}

/// Where to look for `Leptos.toml` when no path is given: the working
/// directory, then beside the binary and up to three levels above it (the
/// repository root for `target/release/cairn`).
pub fn find_config_file() -> Option<PathBuf> {
    let here = PathBuf::from("Leptos.toml");
    if here.is_file() {
        return Some(here);
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .skip(1)
        .take(4)
        .map(|d| d.join("Leptos.toml"))
        .find(|p| p.is_file())
}

impl Settings {
    /// Loads the file (if any), resolves its relative paths against the
    /// file's directory, then applies the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, Box<figment::Error>> {
        let mut from_file = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(path) = file {
            from_file = from_file.merge(Toml::file_exact(path));
        }
        let mut settings: Settings = from_file.extract().map_err(Box::new)?;
        if let Some(dir) = file.and_then(Path::parent) {
            settings.site.site_root = absolutize(dir, &settings.site.site_root);
            settings.cairn.data_dir = absolutize(dir, &settings.cairn.data_dir);
        }
        Figment::from(Serialized::defaults(settings))
            .merge(env_table("LEPTOS_", "site"))
            .merge(env_table("CAIRN_", "cairn"))
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "cairn.database-url".into()),
            )
            .extract()
            .map_err(Box::new)
    }

    /// The SQLite file in `data-dir` unless a database URL is set.
    pub fn database_url(&self) -> Result<String, cairn::store::StoreError> {
        if self.cairn.database_url.trim().is_empty() {
            cairn::store::Store::sqlite_url_in(&self.cairn.data_dir)
        } else {
            Ok(self.cairn.database_url.trim().to_owned())
        }
    }

    pub fn leptos_options(&self) -> leptos::config::LeptosOptions {
        leptos::config::LeptosOptions::builder()
            .output_name(self.site.output_name.as_str())
            .site_root(self.site.site_root.display().to_string())
            .site_pkg_dir(self.site.site_pkg_dir.as_str())
            .site_addr(self.site.site_addr)
            .reload_port(self.site.reload_port)
            .env(if self.site.env.eq_ignore_ascii_case("dev") {
                leptos::config::Env::DEV
            } else {
                leptos::config::Env::PROD
            })
            .build()
    }

    pub fn default_language(&self) -> cairn::domain::Language {
        cairn::domain::Language::from_tag(&self.cairn.default_language).unwrap_or_default()
    }
}

/// `PREFIX_SOME_KEY` → `table.some-key`. `CAIRN_CONFIG` names the file
/// itself and is not a setting.
fn env_table(prefix: &'static str, table: &'static str) -> Env {
    Env::prefixed(prefix).ignore(&["CONFIG"]).map(move |k| {
        format!(
            "{table}.{}",
            k.as_str().to_ascii_lowercase().replace('_', "-")
        )
        .into()
    })
}

fn absolutize(base: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_owned()
    } else {
        base.join(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::Jail;

    // figment's Jail fixes the closure's error type.
    #[allow(clippy::result_large_err)]
    #[test]
    fn file_paths_are_relative_to_the_file_and_env_wins() {
        Jail::expect_with(|jail| {
            jail.create_dir("conf")?;
            jail.create_file(
                "conf/Leptos.toml",
                r#"
                [site]
                site-root = "site"
                site-addr = "127.0.0.1:4000"
                [cairn]
                data-dir = "var"
                demo = true
                "#,
            )?;
            let file = jail.directory().join("conf/Leptos.toml");
            let s = Settings::load(Some(&file)).map_err(|e| *e)?;
            assert_eq!(s.site.site_root, jail.directory().join("conf/site"));
            assert_eq!(s.cairn.data_dir, jail.directory().join("conf/var"));
            assert_eq!(s.site.site_addr.port(), 4000);
            assert!(s.cairn.demo);

            jail.set_env("LEPTOS_SITE_ADDR", "127.0.0.1:5000");
            jail.set_env("CAIRN_SESSION_IDLE_MINUTES", "5");
            jail.set_env("DATABASE_URL", "postgres://db/cairn");
            let s = Settings::load(Some(&file)).map_err(|e| *e)?;
            assert_eq!(s.site.site_addr.port(), 5000);
            assert_eq!(s.cairn.session_idle_minutes, 5);
            assert_eq!(
                s.database_url().map_err(|e| e.to_string())?,
                "postgres://db/cairn"
            );
            Ok(())
        });
    }

    /// cargo-leptos reads Cargo.toml's metadata; the server reads
    /// Leptos.toml. Where both carry a value, they must agree.
    #[test]
    fn leptos_toml_agrees_with_cargo_metadata() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let cargo: toml::Value = toml::from_str(
            &std::fs::read_to_string(root.join("Cargo.toml")).expect("read Cargo.toml"),
        )
        .expect("parse Cargo.toml");
        let meta = &cargo["workspace"]["metadata"]["leptos"][0];
        let leptos: toml::Value = toml::from_str(
            &std::fs::read_to_string(root.join("Leptos.toml")).expect("read Leptos.toml"),
        )
        .expect("parse Leptos.toml");
        let site = &leptos["site"];
        for key in [
            "output-name",
            "site-root",
            "site-pkg-dir",
            "site-addr",
            "reload-port",
        ] {
            assert_eq!(meta.get(key), site.get(key), "{key} differs");
        }
        // The whole file must also load as settings.
        Settings::load(Some(&root.join("Leptos.toml"))).expect("Leptos.toml loads");
    }

    #[test]
    fn wasm_bindgen_pin_matches_the_installed_cli_version_in_the_script() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let cargo = std::fs::read_to_string(root.join("Cargo.toml")).expect("read Cargo.toml");
        assert!(
            cargo.contains("wasm-bindgen = \"=0.2.130\""),
            "wasm-bindgen must stay pinned with ="
        );
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("read Cargo.lock");
        assert!(lock.contains("name = \"wasm-bindgen\"\nversion = \"0.2.130\""));
    }
}
