@{
    Synopsis    = 'Writes MnistSample objects as a Kaggle-style CSV file or as IDX files.'
    Description = @'
Export-MnistData writes the samples it receives to a Kaggle-style CSV file (header "label,pixel0,...,pixel783"; with -NoLabel "pixel0,...,pixel783") or, with -Format Idx, to an IDX images file and its labels file (gzip-compressed when the name ends in .gz; the labels file is named after the images file, "images" becoming "labels" and "idx3" becoming "idx1").

The file is written to a temporary file first and renamed when complete, so a failed write never leaves a half-written file. An existing file is overwritten only with -Force. Supports -WhatIf and -Confirm.
'@
    Parameters  = @{
        InputObject = 'The samples to write, usually from the pipeline.'
        Path        = 'The file to write (for IDX, the images file). Relative paths are resolved from the current location.'
        Format      = 'Csv (default) or Idx.'
        Delimiter   = 'The character between the fields of the CSV: "," (default), or for example '';'' for Excel in cultures whose list separator is ";" (such as de-DE). Import-MnistData detects ";" when it reads the file back.'
        NoLabel     = 'Leave the labels out: an unlabelled CSV like Kaggle''s test.csv, or no IDX labels file.'
        Force       = 'Overwrite existing files.'
        PassThru    = 'Emit the written files as FileInfo objects.'
        WhatIf      = 'Shows what would be written without writing anything.'
        Confirm     = 'Asks for confirmation before writing.'
    }
    Inputs      = @(@{ Type = 'MnistPS.MnistSample'; Description = 'The samples to write.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru, the files written.' })
    Examples    = @(
        @{
            Code    = 'Import-MnistData -Dataset Train | Select-Object -First 1000 | Export-MnistData -Path ./train.csv -PassThru'
            Remarks = 'Writes the first 1,000 training digits in the layout of Kaggle''s digit-recognizer train.csv.'
        }
        @{
            Code    = 'Import-MnistData -Dataset Test | Select-Object -First 50 | Export-MnistData -Path ./small-images-idx3-ubyte.gz -Format Idx -Force -PassThru'
            Remarks = 'Writes 50 test digits as gzip-compressed IDX files: small-images-idx3-ubyte.gz and small-labels-idx1-ubyte.gz.'
        }
    )
}
