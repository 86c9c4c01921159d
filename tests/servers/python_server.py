"""The interop tests' Python MCP server (PyPI `mcp==2.3.0`, protocol.md section 8).

python_server.py [stdio | sse PORT | http PORT]; HTTP transports listen on 127.0.0.1 only.
"""
import sys

from mcp.server.mcpserver import MCPServer

mcp = MCPServer("doctor-test")


@mcp.tool()
def add(a: int, b: int) -> int:
    """Add two numbers"""
    return a + b


if __name__ == "__main__":
    t = sys.argv[1] if len(sys.argv) > 1 else "stdio"
    if t == "stdio":
        mcp.run()
    elif t == "sse":
        mcp.run("sse", host="127.0.0.1", port=int(sys.argv[2]))
    else:
        mcp.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
