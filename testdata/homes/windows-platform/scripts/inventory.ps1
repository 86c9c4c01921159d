Write-Error "inventory server"
