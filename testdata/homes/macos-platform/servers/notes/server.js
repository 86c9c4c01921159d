console.error("notes server");
