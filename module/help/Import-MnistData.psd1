@{
    Synopsis    = 'Streams MNIST digits as MnistSample objects from Kaggle-style CSV, IDX files, or the MNIST shipped with the module.'
    Description = @'
Import-MnistData reads handwritten digits and writes one MnistSample object per image to the pipeline as it reads, in constant memory, like Import-Csv streams rows.

It reads Kaggle's digit-recognizer CSV (header "label,pixel0,...,pixel783", or "pixel0,...,pixel783" for unlabelled data like Kaggle's test.csv; the header is optional) and LeCun's original IDX files, gzip-compressed or not. CSV fields are separated by "," or, in files that Excel writes in cultures whose list separator is ";" (such as de-DE or fr-FR), by ";": a first line with ";" and no "," is read with ";" (-Verbose says so), and -Delimiter names the character outright. The format and the compression are detected from the bytes, not the file name. For an IDX images file the labels come from -LabelPath or from the sibling labels file ("train-images-idx3-ubyte.gz" pairs with "train-labels-idx1-ubyte.gz").

-Dataset Train or -Dataset Test loads the 60,000 training or 10,000 test images of the original MNIST, shipped inside the module.

A bad row or record (wrong field count, pixel outside 0-255, label outside 0-9) is a non-terminating error naming the file and the line or record; the good rows keep flowing. A file that is broken (not CSV or IDX, truncated, wrong header) or cannot be read (missing, a folder, access denied, a device error) is a non-terminating error naming it, as with Get-Content and Import-Csv: the samples read from it so far stay in the pipeline and the next files are read. With -ErrorAction Stop the first error stops the command. The error ids are InvalidRecord, InvalidFileFormat and ReadFailed.
'@
    Parameters  = @{
        Path        = 'Files to read. Wildcards are allowed; relative paths are resolved from the current location.'
        LiteralPath = 'Files to read, used exactly as typed (no wildcards). Get-ChildItem output binds to this parameter by its PSPath property.'
        Dataset     = 'The MNIST set shipped with the module: Train (60,000 images) or Test (10,000 images).'
        LabelPath   = 'The IDX labels file for an IDX images file. By default the sibling labels file is used; without one the samples are unlabelled.'
        Format      = 'Auto (default) detects CSV or IDX from the content; Csv or Idx forces a reader.'
        Delimiter   = 'The character between the fields of a CSV file, for example '';'' for files written by Excel in cultures such as de-DE. By default "," is used, or ";" when the first line has ";" and no ",".'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'A path, by value.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Files from Get-ChildItem, by their PSPath property.' }
    )
    Outputs     = @(
        @{ Type = 'MnistPS.MnistSample'; Description = 'One per image: Index, Label (null when unlabelled), Pixels (784 bytes, row by row) and Source.' }
    )
    Examples    = @(
        @{
            Code    = 'Import-MnistData -Dataset Test | Select-Object -First 5'
            Remarks = 'Streams the first five of the 10,000 MNIST test digits shipped with the module.'
        }
        @{
            Code    = @'
Import-MnistData -Dataset Test | Select-Object -First 100 | Export-MnistData -Path ./digits.csv
Get-ChildItem ./*.csv | Import-MnistData | Group-Object Label | Sort-Object Name | Select-Object Name, Count
'@
            Remarks = 'Writes 100 digits as a Kaggle-style CSV, then reads every CSV file of the folder through the pipeline and counts the digits by label.'
        }
        @{
            Code    = @'
Import-MnistData -Dataset Test | Select-Object -First 10 | Export-MnistData -Path ./digits.csv
Add-Content ./digits.csv ('5,' + ((@(0) * 783) + 300 -join ','))
Import-MnistData -Path ./digits.csv -ErrorAction SilentlyContinue -ErrorVariable bad | Measure-Object | Select-Object Count
$bad[0].Exception.Message
'@
            Remarks = 'Appends a row with a pixel of 300 to a CSV file, then reads it: the ten good rows flow, and the bad row becomes an error (kept in $bad) naming the file, line 12 and the pixel.'
        }
        @{
            Code    = @'
Import-MnistData -Dataset Test | Select-Object -First 10 | Export-MnistData -Path ./excel.csv -Delimiter ';'
Import-MnistData -Path ./excel.csv -Verbose | Measure-Object | Select-Object Count
Import-MnistData -Path ./excel.csv -Delimiter ';' | Select-Object -First 1
'@
            Remarks = 'Writes ten digits with ";" between the fields, as Excel does in cultures such as de-DE, and reads them back twice: first with the delimiter detected from the first line (-Verbose says so), then with -Delimiter naming it.'
        }
    )
}
