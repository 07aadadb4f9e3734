@{
    Synopsis    = 'Draws digits as text in the terminal.'
    Description = @'
Show-MnistImage writes each sample as a 28-line picture, two characters per pixel, under a caption with its index, label and source file. It shades with Unicode block characters, or with ASCII when -AsciiOnly is given or the console is not UTF-8. Predictions from Get-MnistPrediction can be piped in too: each is drawn as the sample it was made from.
'@
    Parameters  = @{
        InputObject = 'The samples to draw, from the pipeline (predictions are drawn as the samples they were made from).'
        AsciiOnly   = 'Use only the ASCII characters " .:*#".'
    }
    Inputs      = @(
        @{ Type = 'MnistPS.MnistSample'; Description = 'The samples to draw.' }
        @{ Type = 'MnistPS.MnistPrediction'; Description = 'Predictions, drawn as the samples they were made from.' }
    )
    Outputs     = @(@{ Type = 'System.String'; Description = 'One multi-line picture per sample.' })
    Examples    = @(
        @{
            Code    = 'Import-MnistData -Dataset Test | Select-Object -First 3 | Show-MnistImage'
            Remarks = 'Draws the first three test digits with their labels.'
        }
        @{
            Code    = 'Import-MnistData -Dataset Train | Where-Object Label -eq 8 | Select-Object -First 1 | Show-MnistImage -AsciiOnly'
            Remarks = 'Draws the first 8 of the training set in plain ASCII.'
        }
    )
}
