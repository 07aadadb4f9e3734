# Interruptions, concurrency and scale, at the cmdlet level.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Train = Import-MnistData -Dataset Train | Select-Object -First 6000
    $script:Test = Import-MnistData -Dataset Test | Select-Object -First 1000

    function Start-InRunspace([scriptblock] $Script, [object[]] $Arguments) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript($Script)
        foreach ($a in $Arguments) { $null = $ps.AddArgument($a) }
        $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
        $handle = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
        [pscustomobject]@{ PowerShell = $ps; Handle = $handle; Output = $output }
    }

    function Get-WeightText($Network) { ($Network.Layers | ForEach-Object { $_.Weights -join ',' }) -join ';' }
}

Describe 'Stopping Invoke-MnistTraining' -Tag 'Slow' {
    It 'returns within a second and leaves a network that predicts and saves' {
        $net = New-MnistNetwork -Seed 1
        $job = Start-InRunspace {
            param($ModulePath, $Network, $Data)
            Import-Module $ModulePath
            Invoke-MnistTraining -Network $Network -Data $Data -Epochs 100000 -Seed 1
        } @($ModulePath, $net, $Train)
        $deadline = [DateTime]::UtcNow.AddSeconds(120)
        while ($job.Output.Count -lt 2 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 10 }
        $job.Output.Count | Should -BeGreaterOrEqual 2 -Because 'training must be under way'

        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $job.PowerShell.Stop()
        $clock.Stop()
        Write-Host ("    stopped {0:N0} epochs in, in {1:N1} ms" -f $net.EpochsTrained, $clock.Elapsed.TotalMilliseconds)
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
        $job.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        $job.PowerShell.Dispose()

        $net.EpochsTrained | Should -BeGreaterOrEqual 2
        (Test-MnistNetwork -Network $net -Data $Test).Accuracy | Should -BeGreaterThan 0.8
        $path = Join-Path $TestDrive 'stopped.json'
        $net | Export-MnistNetwork -Path $path
        (Get-WeightText (Import-MnistNetwork -Path $path)) | Should -Be (Get-WeightText $net)
    }
}

Describe 'Concurrency' -Tag 'Slow' {
    It 'gives two runspaces training at once exactly what each gets alone' {
        $aloneA = New-MnistNetwork -Seed 11
        $aloneB = New-MnistNetwork -HiddenLayerSize 32 -Seed 12
        $recordsA = Invoke-MnistTraining -Network $aloneA -Data $Train -Epochs 2 -Seed 21
        $recordsB = Invoke-MnistTraining -Network $aloneB -Data $Train -Epochs 2 -BatchSize 64 -Seed 22

        $netA = New-MnistNetwork -Seed 11
        $netB = New-MnistNetwork -HiddenLayerSize 32 -Seed 12
        $script = {
            param($ModulePath, $Network, $Data, $Batch, $Seed)
            Import-Module $ModulePath
            Invoke-MnistTraining -Network $Network -Data $Data -Epochs 2 -BatchSize $Batch -Seed $Seed
        }
        $jobA = Start-InRunspace $script @($ModulePath, $netA, $Train, 32, 21)
        $jobB = Start-InRunspace $script @($ModulePath, $netB, $Train, 64, 22)
        $jobA.PowerShell.EndInvoke($jobA.Handle)
        $jobB.PowerShell.EndInvoke($jobB.Handle)
        $jobA.PowerShell.Dispose(); $jobB.PowerShell.Dispose()

        (Get-WeightText $netA) | Should -Be (Get-WeightText $aloneA)
        (Get-WeightText $netB) | Should -Be (Get-WeightText $aloneB)
        $jobA.Output.Loss | Should -Be $recordsA.Loss
        $jobB.Output.Loss | Should -Be $recordsB.Loss
    }

    It 'predicts the same from ForEach-Object -Parallel as sequentially' {
        $net = New-MnistNetwork -Seed 3
        Invoke-MnistTraining -Network $net -Data $Train -Epochs 1 -Seed 3 | Out-Null
        $sequential = $Test | Get-MnistPrediction -Network $net | ForEach-Object { "$($_.Index):$($_.Digit):$($_.GetProbabilities() -join ',')" }
        $parallel = $Test | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:ModulePath
            $_ | Get-MnistPrediction -Network $using:net
        } | Sort-Object Index | ForEach-Object { "$($_.Index):$($_.Digit):$($_.GetProbabilities() -join ',')" }
        $parallel | Should -Be $sequential
    }
}

Describe 'Scale' -Tag 'Slow' {
    It 'streams a 1,000,000-row CSV into Get-MnistPrediction in bounded memory' {
        $path = Join-Path $TestDrive 'million.csv'
        $rows = Import-MnistData -Dataset Test | Select-Object -First 100 | ForEach-Object { "$($_.Label),$($_.Pixels -join ',')" }
        $writer = [System.IO.StreamWriter]::new($path, $false, [System.Text.UTF8Encoding]::new($false), 1MB)
        try {
            $writer.Write((Get-KaggleHeader))
            $writer.Write("`n")
            $block = ($rows -join "`n") + "`n"
            for ($i = 0; $i -lt 10000; $i++) { $writer.Write($block) }
        } finally {
            $writer.Dispose()
        }
        $size = (Get-Item $path).Length
        $size | Should -BeGreaterThan 1GB

        $report = Invoke-FreshPwsh @"
Import-Module '$ModulePath'
`$net = New-MnistNetwork -Seed 1
`$count = (Import-MnistData -Path '$path' | Get-MnistPrediction -Network `$net | Measure-Object).Count
"`$count `$((Get-Process -Id `$PID).PeakWorkingSet64)"
"@
        $count, $peak = ($report | Select-Object -Last 1) -split ' '
        [int]$count | Should -Be 1000000
        Write-Host ("    1,000,000 rows ({0:N0} MB of CSV): peak working set {1:N0} MB" -f ($size / 1MB), ([long]$peak / 1MB))
        [long]$peak | Should -BeLessThan 512MB
        Remove-Item $path
    }
}
