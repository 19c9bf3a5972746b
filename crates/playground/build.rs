//! Versions the address of the Chinese text (`zh.json?v=<hash of web/zh.json>`): the file keeps
//! its name in the build, so a browser or CDN could otherwise serve an older copy that lacks
//! texts this build has.

fn main() {
    let path = "../../web/zh.json";
    println!("cargo:rerun-if-changed={path}");
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    // FNV-1a, 64 bits: any change to the file changes the address.
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    println!("cargo:rustc-env=ZH_JSON_VERSION={hash:016x}");
}
