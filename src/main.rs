fn main() {
    println!("{}", mcp_doctor::rules::registry().len());
}
