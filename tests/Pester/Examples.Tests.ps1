# Every example of every cmdlet's help is run as pasted, in a scratch folder.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Examples = foreach ($command in Get-Command -Module MnistPS) {
        $number = 0
        foreach ($example in (Get-Help $command.Name -Examples).Examples.Example) {
            $number++
            @{ Name = $command.Name; Number = $number; Code = ($example.Code | Out-String) }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Help example <Number> of <Name>' -ForEach $Examples -Tag 'Slow' {
    It 'runs without error and produces output' {
        $folder = Join-Path $TestDrive "$Name-$Number"
        New-Item -ItemType Directory -Path $folder | Out-Null
        Push-Location $folder
        try {
            $output = & ([scriptblock]::Create($Code)) 6>&1 | Out-String
        } finally {
            Pop-Location
        }
        $output.Trim() | Should -Not -BeNullOrEmpty
    }
}
